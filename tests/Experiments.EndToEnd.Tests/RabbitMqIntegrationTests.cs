namespace Experiments.EndToEnd.Tests;

/// <summary>
/// A sweep over a real RabbitMQ broker (<c>ConnectionStrings__rabbitmq</c>) instead of the in-memory
/// transport. Needs EXPERIMENTS_TEST_RABBITMQ (an amqp:// URI), which <c>bash tests/run.sh</c> sets
/// after starting a local broker.
/// </summary>
public sealed class RabbitMqIntegrationTests
{
    // MassTransit's kebab-case endpoint names: trials are dispatched on one queue, their progress comes back on the other.
    private static readonly string[] TrialQueues = ["start-trial", "trial-events"];

    [Fact]
    public async Task Run_over_rabbitmq_completes_and_its_messages_go_through_the_broker()
    {
        var brokerUri = TestBroker.RequireUri();
        using var management = new RabbitMqManagementApi(brokerUri);
        var cancellationToken = TestContext.Current.CancellationToken;
        // A virtual host of its own: its queues are new, so every message counted on them is this sweep's (on the
        // shared default host, counters other tests moved made this test fail once on CI).
        var virtualHost = $"e2e-rabbitmq-{Guid.NewGuid():N}"[..28];
        var user = Uri.UnescapeDataString(brokerUri.UserInfo.Split(':')[0] is { Length: > 0 } name ? name : "guest");
        await management.CreateVirtualHostAsync(virtualHost, user, cancellationToken);
        try
        {
            using var workspace = new TestWorkspace();
            var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-rabbitmq", maxTrials: 2, parallel: 1, epochs: 1));
            var broker = new UriBuilder(brokerUri) { Path = "/" + virtualHost }.Uri.ToString();

            var result = await CliProcess.RunAsync(
                workspace.Directory,
                new Dictionary<string, string?> { ["ConnectionStrings__rabbitmq"] = broker },
                "run", spec, "--device", "cpu");

            Assert.True(result.ExitCode == 0, result.Transcript);
            var sweep = SweepRuns.Read(workspace.MlrunsDirectory, "e2e-rabbitmq", result);
            Assert.True(sweep.Trials.Count == 2 && sweep.Trials.All(run => run.Status == MlflowRun.Finished), $"{sweep.Describe()}{Environment.NewLine}{result.Transcript}");

            // The management plugin aggregates statistics every few seconds: poll until the counters move.
            IReadOnlyDictionary<string, long> published = new Dictionary<string, long>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!TrialQueues.All(queue => published.GetValueOrDefault(queue) > 0) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                published = await management.GetPublishCountsAsync(virtualHost, cancellationToken);
            }

            foreach (var queue in TrialQueues)
            {
                Assert.True(
                    published.GetValueOrDefault(queue) > 0,
                    $"No message was published to queue '{queue}' of '{virtualHost}' during the sweep. Queues: {string.Join(", ", published.Select(q => $"{q.Key}={q.Value}"))}{Environment.NewLine}{result.Transcript}");
            }
        }
        finally
        {
            await management.DeleteVirtualHostAsync(virtualHost, CancellationToken.None);
        }
    }
}
