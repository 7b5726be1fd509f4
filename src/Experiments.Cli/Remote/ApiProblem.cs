using System.Net;
using System.Text.Json;
using Experiments.Contracts.Api;

namespace Experiments.Cli.Remote;

/// <summary>
/// A refusal from the server: its RFC 9457 problem details (title, detail, and the spec errors of an invalid
/// submission), or what could be made of a response that is not problem+json.
/// </summary>
public sealed record ApiProblem(HttpStatusCode Status, string Title, string? Detail, IReadOnlyList<SpecErrorDetail> Errors)
{
    /// <summary>Only a little of a body that is not problem+json is kept: it may be a whole HTML page.</summary>
    private const int MaxBodyExcerpt = 200;

    /// <summary>Whether the server answered as this API does (problem+json), rather than a proxy or another web server.</summary>
    public bool FromApi { get; init; }

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var fallbackTitle = response.ReasonPhrase is { Length: > 0 } reason ? reason : response.StatusCode.ToString();
        if (string.Equals(response.Content.Headers.ContentType?.MediaType, "application/problem+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var problem = JsonSerializer.Deserialize<ProblemBody>(body, ApiJson.Options);
                if (problem is not null)
                {
                    return new ApiProblem(response.StatusCode, problem.Title ?? fallbackTitle, problem.Detail, problem.Errors ?? [])
                    {
                        FromApi = true,
                    };
                }
            }
            catch (JsonException)
            {
                // Shown as text below.
            }
        }

        var excerpt = body.Trim().ReplaceLineEndings(" ");
        return new ApiProblem(
            response.StatusCode,
            fallbackTitle,
            excerpt.Length == 0 ? null : excerpt.Length > MaxBodyExcerpt ? excerpt[..MaxBodyExcerpt] + "..." : excerpt,
            []);
    }

    /// <summary>The parts of problem+json this client reads.</summary>
    private sealed record ProblemBody(string? Title, string? Detail, IReadOnlyList<SpecErrorDetail>? Errors);
}
