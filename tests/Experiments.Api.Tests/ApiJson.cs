using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Api.Tests;

/// <summary>Reading the API's JSON as a client would, and sending specs.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Options) ?? throw new InvalidOperationException("The body was null.");
    }

    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal); // never a stack trace
        return problem;
    }

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string spec, string query = "", string mediaType = "application/yaml") =>
        client.PostAsync($"/api/sweeps{query}", new StringContent(spec, Encoding.UTF8, mediaType), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> GetResponseAsync(this HttpClient client, string path) =>
        client.GetAsync(path, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string path, T body) =>
        client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PostEmptyAsync(this HttpClient client, string path) =>
        client.PostAsync(path, content: null, TestContext.Current.CancellationToken);
}
