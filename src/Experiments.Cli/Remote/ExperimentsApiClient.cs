using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Experiments.Contracts.Api;

namespace Experiments.Cli.Remote;

/// <summary>
/// The cluster's REST API (<c>/api/...</c> on the silo) as typed calls. An error status becomes an
/// <see cref="ApiProblemException"/> (a sweep the server does not know: <see cref="SweepNotFoundException"/>); a
/// server that cannot be reached, an <see cref="HttpRequestException"/>; one that does not answer in time, a
/// <see cref="TaskCanceledException"/> with a <see cref="TimeoutException"/> inside.
/// </summary>
public sealed class ExperimentsApiClient : IDisposable
{
    /// <summary>The most trials the API returns per page.</summary>
    public const int TrialPageSize = 1000;

    /// <summary>Long enough for a submission to persist a new sweep on a busy cluster; a silo that is down fails at connect.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>An address that takes longer than this to accept a connection is taken as unreachable.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient http;

    public ExperimentsApiClient(ServerConnection connection)
        : this(connection, new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
    }

    /// <param name="handler">Sends the requests (disposed with the client); tests may pass an in-memory server's.</param>
    public ExperimentsApiClient(ServerConnection connection, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        Connection = connection;
        http = new HttpClient(handler) { BaseAddress = connection.Server, Timeout = RequestTimeout };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("experiments-cli", typeof(ExperimentsApiClient).Assembly.GetName().Version?.ToString() ?? "0"));
        if (connection.Token is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public ServerConnection Connection { get; }

    public Task<IReadOnlyList<SweepSummary>> ListSweepsAsync(CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<SweepSummary>>("api/sweeps", sweepId: null, cancellationToken);

    public Task<IReadOnlyList<ExperimentSummary>> ListExperimentsAsync(CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<ExperimentSummary>>("api/experiments", sweepId: null, cancellationToken);

    public Task<SweepDetail> GetSweepAsync(Guid sweepId, CancellationToken cancellationToken) =>
        GetAsync<SweepDetail>($"api/sweeps/{sweepId:N}", sweepId, cancellationToken);

    public Task<TrialPage> GetTrialsAsync(Guid sweepId, int offset, int limit, CancellationToken cancellationToken) =>
        GetAsync<TrialPage>(
            string.Create(CultureInfo.InvariantCulture, $"api/sweeps/{sweepId:N}/trials?offset={offset}&limit={limit}"),
            sweepId,
            cancellationToken);

    /// <summary>Every trial, a page of <see cref="TrialPageSize"/> at a time, by number.</summary>
    public async Task<IReadOnlyList<TrialDetail>> GetAllTrialsAsync(Guid sweepId, CancellationToken cancellationToken)
    {
        var trials = new List<TrialDetail>();
        while (true)
        {
            var page = await GetTrialsAsync(sweepId, trials.Count, TrialPageSize, cancellationToken);
            trials.AddRange(page.Trials);
            // Trials may be added between pages: stop at the total of the latest page, or at an empty one.
            if (page.Trials.Count == 0 || trials.Count >= page.Total)
            {
                return trials;
            }
        }
    }

    /// <summary>Submits a spec's YAML; <paramref name="name"/> is its file name, shown in its errors.</summary>
    public async Task<SweepSubmission> SubmitAsync(string specText, string name, bool startNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specText);
        ArgumentNullException.ThrowIfNull(name);
        using var content = new StringContent(specText, Encoding.UTF8, "application/yaml");
        var path = $"api/sweeps?name={Uri.EscapeDataString(name)}&new={(startNew ? "true" : "false")}";
        using var response = await http.PostAsync(path, content, cancellationToken);
        return await ReadAsync<SweepSubmission>(response, sweepId: null, cancellationToken);
    }

    /// <summary>Stops a running sweep (INTERRUPTED, its unfinished trials KILLED); returns it afterwards.</summary>
    public async Task<SweepDetail> StopAsync(Guid sweepId, string? reason, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/sweeps/{sweepId:N}/stop", new StopSweepRequest(reason), ApiJson.Options, cancellationToken);
        return await ReadAsync<SweepDetail>(response, sweepId, cancellationToken);
    }

    /// <summary>Resumes an interrupted sweep; returns it afterwards.</summary>
    public async Task<SweepDetail> ResumeAsync(Guid sweepId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/sweeps/{sweepId:N}/resume", content: null, cancellationToken);
        return await ReadAsync<SweepDetail>(response, sweepId, cancellationToken);
    }

    public void Dispose() => http.Dispose();

    private async Task<T> GetAsync<T>(string path, Guid? sweepId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return await ReadAsync<T>(response, sweepId, cancellationToken);
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, Guid? sweepId, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ApiProblem.ReadAsync(response, cancellationToken);
            // Only the API's own 404 means "no such sweep"; another server's 404 means the URL is wrong.
            throw sweepId is { } id && problem is { Status: HttpStatusCode.NotFound, FromApi: true }
                ? new SweepNotFoundException(id, Connection.Display)
                : new ApiProblemException(problem);
        }

        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken)
            ?? throw new System.Text.Json.JsonException("the response body is empty (null)");
    }
}
