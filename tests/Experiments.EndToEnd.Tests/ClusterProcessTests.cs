using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Experiments.Testing;

namespace Experiments.EndToEnd.Tests;

/// <summary>
/// The cluster as a user starts it: two silo processes on Redis and RabbitMQ, two worker processes, a sweep submitted
/// with <c>experiments submit</c> and watched with <c>experiments status --watch</c>. Mid-sweep a worker freezes
/// (SIGSTOP: its connection stays open, so only its missing heartbeats tell) and the first silo dies (SIGKILL); the
/// sweep still completes, the frozen worker's trial on the other worker. The spec asks for CPU workers, so its trials
/// travel through the start-trial-cpu queue of the real broker.
/// </summary>
public sealed partial class ClusterProcessTests
{
    private const int MaxTrials = 6;

    private const string Spec = """
        name: e2e-cluster
        model: function
        dataset: branin
        objective: {metric: value, goal: minimize}
        budget: {max_trials: 6, parallel: 2, epochs: 16}
        search: {algorithm: random, seed: 5}
        resources: cpu
        parameters:
          x1: {type: uniform, min: -5, max: 10}
          x2: {type: uniform, min: 0, max: 15}
          seconds_per_epoch: 0.3
        """;

    [Fact]
    public async Task A_sweep_submitted_to_two_silos_completes_through_a_frozen_worker_and_a_killed_silo()
    {
        var brokerUri = TestBroker.RequireUri();
        var redis = TestRedis.Require();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var management = new RabbitMqManagementApi(brokerUri);
        var virtualHost = $"e2e-cluster-{Guid.NewGuid():N}"[..28];
        var user = Uri.UnescapeDataString(brokerUri.UserInfo.Split(':')[0] is { Length: > 0 } name ? name : "guest");
        await management.CreateVirtualHostAsync(virtualHost, user, cancellationToken);
        try
        {
            using var workspace = new TestWorkspace();
            var connection = new UriBuilder(brokerUri) { Path = "/" + virtualHost }.Uri.ToString();
            var serviceId = "e2e-" + Guid.NewGuid().ToString("N")[..12];
            var token = "e2e-write-token-" + Guid.NewGuid().ToString("N");
            var urls = new[] { $"http://127.0.0.1:{FreePort()}", $"http://127.0.0.1:{FreePort()}" };
            Dictionary<string, string?> SiloEnvironment(int index) => new()
            {
                ["ConnectionStrings__redis"] = redis,
                ["ConnectionStrings__rabbitmq"] = connection,
                ["Orleans__ServiceId"] = serviceId,
                ["Orleans__ClusterId"] = serviceId,
                ["Orleans__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["ASPNETCORE_URLS"] = urls[index],
                ["Experiments__Api__WriteToken"] = token,
                ["MLFLOW_TRACKING_URI"] = workspace.MlrunsDirectory,
                ["Tracking__Outbox__Directory"] = Path.Combine(workspace.Directory, $"outbox-silo-{index}"),
                ["Experiments__Liveness__CheckInterval"] = "00:00:01",
                ["Experiments__Liveness__SilenceTimeout"] = "00:00:04",
                ["Experiments__Liveness__KeepAlivePeriod"] = "00:00:02",
                ["Experiments__Reminders__MinimumReminderPeriod"] = "00:00:01",
            };
            Dictionary<string, string?> WorkerEnvironment(string host) => new()
            {
                ["ConnectionStrings__rabbitmq"] = connection,
                ["MLFLOW_TRACKING_URI"] = workspace.MlrunsDirectory,
                ["Tracking__Outbox__Directory"] = Path.Combine(workspace.Directory, $"outbox-{host}"),
                ["Worker__Slots"] = "1",
                ["Worker__Device"] = "cpu",
                ["Worker__WorkerHost"] = host,
                ["Worker__HeartbeatInterval"] = "00:00:00.5",
            };

            using var siloA = CliProcess.StartProgram(CliLocator.SiloDll, workspace.Directory, SiloEnvironment(0));
            using var siloB = CliProcess.StartProgram(CliLocator.SiloDll, workspace.Directory, SiloEnvironment(1));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await WaitUntilAsync(async () => await IsAliveAsync(http, urls[0]) && await IsAliveAsync(http, urls[1]), () => $"both silos alive.{Describe(siloA, siloB)}");

            using var workerA = CliProcess.StartProgram(CliLocator.WorkerDll, workspace.Directory, WorkerEnvironment("worker-a"));
            using var workerB = CliProcess.StartProgram(CliLocator.WorkerDll, workspace.Directory, WorkerEnvironment("worker-b"));
            await WaitUntilAsync(
                async () => await management.GetConsumerCountAsync(virtualHost, "start-trial", cancellationToken) == 2,
                () => $"both workers consuming start-trial.{Describe(workerA, workerB)}");

            var client = new Dictionary<string, string?> { ["EXPERIMENTS_SERVER"] = urls[0], ["EXPERIMENTS_TOKEN"] = token };
            var specPath = workspace.WriteSpec(Spec);
            var submitted = await CliProcess.RunAsync(workspace.Directory, client, "submit", specPath);
            Assert.True(submitted.ExitCode == 0, submitted.Transcript);
            var printed = SweepId().Match(submitted.StandardOutput);
            Assert.True(printed.Success, $"no sweep id in the output of submit:{Environment.NewLine}{submitted.Transcript}");
            var sweepId = Guid.Parse(printed.Value).ToString("N");

            // Freeze the worker that trains a trial: its connection stays open, only its heartbeats stop.
            var trials = $"{urls[1]}/api/sweeps/{sweepId}/trials";
            var held = await WaitForAsync(
                async () => (await ReadTrialsAsync(http, trials)).FirstOrDefault(t => t.Status == "RUNNING" && t.WorkerHost == "worker-a" && t.Epoch >= 2),
                () => $"a trial training on worker-a.{Describe(siloA, workerA)}");
            await workerA.SignalAsync("STOP");
            siloA.KillHard();

            var watched = await CliProcess.RunAsync(
                workspace.Directory,
                new Dictionary<string, string?> { ["EXPERIMENTS_SERVER"] = urls[1], ["EXPERIMENTS_TOKEN"] = token },
                "status", sweepId, "--watch");

            Assert.True(watched.ExitCode == 0, $"{watched.Transcript}{Describe(siloB, workerB)}");
            var final = await ReadTrialsAsync(http, trials);
            Assert.Equal(MaxTrials, final.Count);
            Assert.All(final, t => Assert.Equal("COMPLETED", t.Status));
            var frozen = final.Single(t => t.Number == held!.Number);
            Assert.True(frozen.Attempt >= 2, $"trial {frozen.Number} should have run again after worker-a froze (attempt {frozen.Attempt}).");
            Assert.Equal("worker-b", frozen.WorkerHost);
            await workerA.SignalAsync("CONT");
        }
        finally
        {
            await management.DeleteVirtualHostAsync(virtualHost, CancellationToken.None);
        }
    }

    private sealed record TrialRow(int Number, string Status, int Attempt, int Epoch, string? WorkerHost);

    private static async Task<IReadOnlyList<TrialRow>> ReadTrialsAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url + "?limit=1000"), TestContext.Current.CancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return [];
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            return document.RootElement.GetProperty("trials").EnumerateArray()
                .Select(t => new TrialRow(
                    t.GetProperty("number").GetInt32(),
                    t.GetProperty("status").GetString()!,
                    t.GetProperty("attempt").GetInt32(),
                    t.GetProperty("epoch").GetInt32(),
                    t.TryGetProperty("workerHost", out var host) && host.ValueKind == JsonValueKind.String ? host.GetString() : null))
                .ToList();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return [];
        }
    }

    private static async Task<bool> IsAliveAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url + "/alive"), TestContext.Current.CancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Describe(params CliProcess[] processes) =>
        string.Concat(processes.Select(p => $"{Environment.NewLine}--- {p.Arguments}{Environment.NewLine}{p.StandardOutput}{p.StandardError}"));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> description) =>
        await WaitForAsync(async () => await condition() ? description : null, description);

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read, Func<string> description)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {description()}");
            await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        }
    }

    [GeneratedRegex("[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")]
    private static partial Regex SweepId();
}
