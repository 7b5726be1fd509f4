using System.Net;
using System.Text.Json;

namespace Experiments.Api.Tests;

public sealed class DescriptionAndHealthTests(ApiHost host)
{
    private readonly HttpClient anonymous = host.Client(token: null);

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_and_the_bearer_scheme_without_a_token()
    {
        var response = await anonymous.GetResponseAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Key: $"{operation.Name.ToUpperInvariant()} {path.Name}", Operation: operation.Value)))
            .ToDictionary(o => o.Key, o => o.Operation);
        Assert.Equal(
            [
                "GET /api/experiments", "GET /api/experiments/{name}", "GET /api/sweeps", "GET /api/sweeps/{id}", "GET /api/sweeps/{id}/leaderboard",
                "GET /api/sweeps/{id}/trials", "POST /api/sweeps", "POST /api/sweeps/{id}/resume", "POST /api/sweeps/{id}/stop",
            ],
            operations.Keys.Order(StringComparer.Ordinal));
        Assert.All(operations.Values, operation =>
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()));
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out var unauthorized));
            Assert.True(unauthorized.GetProperty("content").TryGetProperty("application/problem+json", out _));
        });
        foreach (var write in new[] { "POST /api/sweeps", "POST /api/sweeps/{id}/stop", "POST /api/sweeps/{id}/resume" })
        {
            Assert.True(operations[write].GetProperty("responses").TryGetProperty("403", out _), write);
        }

        var submit = operations["POST /api/sweeps"];
        var bodyTypes = submit.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name);
        Assert.Equal(["application/x-yaml", "application/yaml", "text/plain", "text/yaml"], bodyTypes.Order(StringComparer.Ordinal));
        Assert.True(submit.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Equal(["name", "new"], submit.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(
            ["limit", "offset"],
            operations["GET /api/sweeps/{id}/trials"].GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.True(Assert.Single(document.GetProperty("security").EnumerateArray()).TryGetProperty("Bearer", out _));
        Assert.Equal("Experiments API", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_reference_page_is_browsable_without_a_token()
    {
        var response = await anonymous.GetResponseAsync("/api/reference/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<title>Experiments API</title>", page, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/v1.json\"", page, StringComparison.Ordinal);
        // Served by the silo itself: the page works where there is no internet.
        var script = await anonymous.GetResponseAsync("/api/reference/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_answer_without_a_token(string path)
    {
        var response = await anonymous.GetResponseAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
