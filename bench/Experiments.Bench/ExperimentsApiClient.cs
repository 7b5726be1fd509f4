using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Experiments.Bench;

/// <summary>
/// The silo's REST API as any client uses it (docs/api.md): submit a spec, read a sweep, page through its trials.
/// JSON is read by property name, not through the contract types, so fields the API gains or lacks never break it.
/// </summary>
internal sealed class ExperimentsApiClient(Uri silo, string token) : IDisposable
{
    private const int PageSize = 1000;

    private readonly HttpClient http = new()
    {
        BaseAddress = silo,
        // Paging 1,000 trials of a busy cluster on 2 cores can take seconds.
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    /// <summary>Starts a new sweep of the spec (<c>new=true</c>) and returns its id.</summary>
    public async Task<Guid> SubmitAsync(string yaml, string name)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await http.PostAsync(new Uri($"/api/sweeps?name={Uri.EscapeDataString(name)}&new=true", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/sweeps answered {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("sweepId").GetGuid();
    }

    public async Task<ClusterSweepState> GetSweepAsync(Guid sweepId)
    {
        using var document = await GetJsonAsync($"/api/sweeps/{sweepId:N}");
        var root = document.RootElement;
        var trials = root.GetProperty("trials");
        return new ClusterSweepState(
            root.GetProperty("status").GetString()!,
            Text(root, "reason"),
            trials.GetProperty("total").GetInt32(),
            trials.GetProperty("completed").GetInt32(),
            trials.GetProperty("running").GetInt32(),
            trials.GetProperty("pending").GetInt32(),
            trials.GetProperty("failed").GetInt32(),
            Time(root, "createdAt"),
            Time(root, "finishedAt"));
    }

    /// <summary>Every trial, by pages of 1,000; also whether the API sends the attempt's dispatch time at all.</summary>
    public async Task<(IReadOnlyList<ClusterTrial> Trials, bool HasDispatchedAt, bool HasAttemptStartedAt)> GetTrialsAsync(Guid sweepId)
    {
        var trials = new List<ClusterTrial>();
        bool hasDispatchedAt = false, hasAttemptStartedAt = false;
        for (var offset = 0; ; offset += PageSize)
        {
            using var document = await GetJsonAsync(string.Create(CultureInfo.InvariantCulture, $"/api/sweeps/{sweepId:N}/trials?offset={offset}&limit={PageSize}"));
            var page = document.RootElement.GetProperty("trials");
            foreach (var trial in page.EnumerateArray())
            {
                hasDispatchedAt |= trial.TryGetProperty("dispatchedAt", out _);
                hasAttemptStartedAt |= trial.TryGetProperty("attemptStartedAt", out _);
                trials.Add(new ClusterTrial(
                    trial.GetProperty("number").GetInt32(),
                    trial.GetProperty("status").GetString()!,
                    trial.GetProperty("attempt").GetInt32(),
                    trial.GetProperty("epoch").GetInt32(),
                    Text(trial, "workerHost"),
                    Text(trial, "runKey"),
                    Time(trial, "startedAt"),
                    Time(trial, "dispatchedAt"),
                    Time(trial, "attemptStartedAt"),
                    Time(trial, "finishedAt")));
            }

            if (offset + PageSize >= document.RootElement.GetProperty("total").GetInt32())
            {
                return (trials, hasDispatchedAt, hasAttemptStartedAt);
            }
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;
}
