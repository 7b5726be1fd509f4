using Experiments.Contracts.Programs;
using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

/// <summary>A command sweep's program is persisted with its definition and reaches every attempt, also after a restart.</summary>
public sealed class UserProgramSweepTests
{
    [Fact]
    public async Task The_program_reaches_every_attempt_before_and_after_a_restart()
    {
        var program = new TrialProgram(["python3", "train.py", "--lr", "{learning_rate}"], "/srv/programs")
        {
            Environment = new Dictionary<string, string> { ["MODE"] = "sweep" },
            StopGracePeriod = TimeSpan.FromSeconds(3),
        };
        var definition = Definitions.Vae(maxTrials: 2, parallel: 2) with { Model = "command", Dataset = string.Empty, Program = program };
        var root = Directory.CreateTempSubdirectory("experiments-program-").FullName;

        var firstScript = new WorkerScript { Hold = _ => true };
        await using (var first = await GrainTestCluster.StartAsync(firstScript, root))
        {
            var started = await first.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
            var sweep = first.Grains.GetGrain<ISweepGrain>(started.SweepId);
            await Polling.UntilAsync(sweep, s => s.Trials.Count == 2);
            await sweep.StopAsync("interrupted by test");
        }

        var secondScript = new WorkerScript();
        await using var second = await GrainTestCluster.StartAsync(secondScript, root);
        var resumed = await second.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(second.Grains.GetGrain<ISweepGrain>(resumed.SweepId), s => s.IsFinished);

        Assert.True(resumed.Resumed);
        Assert.All(snapshot.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        var dispatched = firstScript.Dispatched.Concat(secondScript.Dispatched).ToList();
        Assert.Equal(4, dispatched.Count);
        Assert.All(dispatched, d =>
        {
            Assert.Equal("command", d.Model);
            Assert.Equal(program.Arguments, d.Program!.Arguments);
            Assert.Equal("/srv/programs", d.Program.WorkingDirectory);
            Assert.Equal("sweep", d.Program.Environment["MODE"]);
            Assert.Equal(TimeSpan.FromSeconds(3), d.Program.StopGracePeriod);
        });
    }
}
