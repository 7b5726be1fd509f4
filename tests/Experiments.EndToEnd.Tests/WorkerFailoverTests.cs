using System.Text.RegularExpressions;

namespace Experiments.EndToEnd.Tests;

/// <summary>
/// Two worker processes over RabbitMQ; the one training the trial is killed (SIGKILL). Its
/// unacknowledged StartTrial goes back to the queue, the other worker trains the trial to the end,
/// and the lost worker's MLflow run is closed as FAILED.
/// </summary>
public sealed partial class WorkerFailoverTests
{
    private const int Epochs = 12;

    [Fact]
    public async Task A_killed_workers_trial_is_redelivered_and_finishes_on_the_other_worker()
    {
        var brokerUri = TestBroker.RequireUri();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var management = new RabbitMqManagementApi(brokerUri);
        // A virtual host of its own: nothing left on the shared broker by other tests reaches these workers.
        var virtualHost = $"e2e-failover-{Guid.NewGuid():N}"[..28];
        var user = Uri.UnescapeDataString(brokerUri.UserInfo.Split(':')[0] is { Length: > 0 } name ? name : "guest");
        await management.CreateVirtualHostAsync(virtualHost, user, cancellationToken);
        try
        {
            using var workspace = new TestWorkspace();
            var connection = new UriBuilder(brokerUri) { Path = "/" + virtualHost }.Uri.ToString();
            Dictionary<string, string?> WorkerEnvironment(string host) => new()
            {
                ["ConnectionStrings__rabbitmq"] = connection,
                ["MLFLOW_TRACKING_URI"] = workspace.MlrunsDirectory,
                ["Worker__Slots"] = "1",
                ["Worker__Device"] = "cpu",
                ["Worker__WorkerHost"] = host,
            };

            using var workerA = CliProcess.StartProgram(CliLocator.WorkerDll, workspace.Directory, WorkerEnvironment("worker-a"));
            using var workerB = CliProcess.StartProgram(CliLocator.WorkerDll, workspace.Directory, WorkerEnvironment("worker-b"));
            await WaitUntilAsync(
                async () => await management.GetConsumerCountAsync(virtualHost, "start-trial", cancellationToken) == 2,
                () => $"both workers consuming start-trial.{Environment.NewLine}worker-a: {workerA.StandardError}{Environment.NewLine}worker-b: {workerB.StandardError}");

            var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-failover", maxTrials: 1, parallel: 1, epochs: Epochs));
            using var cli = CliProcess.Start(
                workspace.Directory,
                new Dictionary<string, string?> { ["ConnectionStrings__rabbitmq"] = connection },
                "run", spec, "--workers", "0");
            await cli.WaitForOutputAsync(output => Training().IsMatch(output), "trial 0 training (epoch 2 to 9)", CliProcess.DefaultTimeout);

            // The trial's MLflow run names the worker that holds it: kill that one.
            var holder = TrialRuns(workspace).Single().Tag("experiments.worker_host");
            Assert.True(holder is "worker-a" or "worker-b", $"unexpected worker host '{holder}'");
            var survivor = holder == "worker-a" ? "worker-b" : "worker-a";
            (holder == "worker-a" ? workerA : workerB).KillHard();

            var result = await cli.WaitForExitAsync(CliProcess.DefaultTimeout);

            Assert.True(result.ExitCode == 0, result.Transcript);
            var runs = TrialRuns(workspace);
            var description = string.Join(Environment.NewLine, runs.Select(r => $"{r.RunId} status {r.Status} host {r.Tag("experiments.worker_host")}"));
            Assert.True(runs.Count == 2, $"expected the lost run and the finished one:{Environment.NewLine}{description}{Environment.NewLine}{result.Transcript}");
            var lost = runs.Single(r => r.Tag("experiments.worker_host") == holder);
            var finished = runs.Single(r => r.Tag("experiments.worker_host") == survivor);
            Assert.Equal(MlflowRun.Failed, lost.Status);
            Assert.Contains(holder!, lost.Tag("experiments.error"), StringComparison.Ordinal);
            Assert.Equal(MlflowRun.Finished, finished.Status);
            // The survivor continues from the lost run's latest checkpoint when it had written one: epochs continue from there.
            var resumedAfter = finished.Tag("experiments.resumed_from_epoch") is { } epoch ? int.Parse(epoch, System.Globalization.CultureInfo.InvariantCulture) : 0;
            Assert.Equal(Epochs - resumedAfter, finished.MetricLines("elbo").Count);
            if (resumedAfter > 0)
            {
                Assert.StartsWith($"run {lost.RunId} checkpoints/epoch-", finished.Tag("experiments.resumed_from"), StringComparison.Ordinal);
            }

            Assert.Equal("1", finished.Tag("experiments.attempt"));
        }
        finally
        {
            await management.DeleteVirtualHostAsync(virtualHost, CancellationToken.None);
        }
    }

    private static List<MlflowRun> TrialRuns(TestWorkspace workspace)
    {
        var experiment = MlflowFileStoreReader.FindExperimentDirectory(workspace.MlrunsDirectory, "e2e-failover");
        return experiment is null ? [] : MlflowFileStoreReader.ReadRuns(experiment).Where(r => r.RunName == "trial-0000").ToList();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> description)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {description()}");
            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }
    }

    [GeneratedRegex(@"trial 0 RUNNING\s+epoch [2-9]/12")]
    private static partial Regex Training();
}
