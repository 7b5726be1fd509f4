using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;
using Experiments.Specs;
using Experiments.Testing;
using Experiments.Training.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Experiments.Hosting.Tests;

/// <summary>
/// <c>resources:</c> routes each trial to the queue of the kind of worker it needs: a CPU worker never receives a
/// trial that asks for a GPU, and the sweep says what it waits for; a trial that asks for a CPU trains there.
/// </summary>
public sealed class ResourceRoutingTests
{
    private static string Spec(string name, string resources) => $$"""
        name: {{name}}
        model: function
        dataset: branin
        objective: {metric: value, goal: minimize}
        budget: {max_trials: 3, parallel: 2, epochs: 3}
        resources: {{resources}}
        parameters:
          x1: {type: uniform, min: -5, max: 10}
          x2: {type: uniform, min: 0, max: 15}
        """;

    [Fact]
    public async Task A_cpu_worker_never_gets_a_trial_that_needs_a_gpu_the_sweep_says_so_and_cpu_trials_complete()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        // One process: the silo and a CPU worker (not the embedded run's take-everything worker) on the in-memory bus.
        using var node = TestNode.Build(redis: null, "routing", folder.Path, NodeRoles.Embedded, new Dictionary<string, string?>
        {
            ["Worker:AnnounceInterval"] = "00:00:00.2",
            ["Experiments:Liveness:WorkerSeenWithin"] = "00:00:01",
        });
        await node.StartAsync(cancellation);
        try
        {
            var grains = node.Services.GetRequiredService<IGrainFactory>();
            var gpuSweep = await StartAsync(grains, Spec("needs-gpu", "{gpu: 1}"));
            var cpuSweep = await StartAsync(grains, Spec("needs-cpu", "cpu"));

            var completed = await Polling.UntilAsync(cpuSweep.GetSnapshotAsync, s => s.IsFinished, TimeSpan.FromSeconds(60), cancellation);
            Assert.Equal(SweepStatus.Completed, completed.Status);
            Assert.All(completed.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));

            var waiting = await Polling.UntilAsync(gpuSweep.GetSnapshotAsync, s => s.Waiting is not null, TimeSpan.FromSeconds(60), cancellation);
            Assert.Contains("no worker with a GPU", waiting.Waiting, StringComparison.Ordinal);
            Assert.Contains("1 CPU worker(s)", waiting.Waiting, StringComparison.Ordinal);
            Assert.Contains("start-trial-gpu", waiting.Waiting, StringComparison.Ordinal);
            Assert.Equal(SweepStatus.Running, waiting.Status);
            Assert.All(waiting.Trials, t => Assert.Equal(TrialStatus.Pending, t.Status));
        }
        finally
        {
            await node.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<ISweepGrain> StartAsync(IGrainFactory grains, string yaml)
    {
        var parsed = SweepSpecParser.Parse(yaml, "spec.yaml", ModelFamilies.Catalog);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        var started = await grains.GetGrain<IExperimentGrain>(parsed.Spec!.Name).StartSweepAsync(parsed.Spec.ToDefinition(), resumeUnfinished: false);
        return grains.GetGrain<ISweepGrain>(started.SweepId);
    }
}
