using Experiments.Contracts.Parameters;
using Experiments.Contracts.Programs;
using Experiments.Contracts.Trials;
using Experiments.Tracking;
using MassTransit.Testing;

namespace Experiments.WorkerRuntime.Tests;

/// <summary>A worker runs user programs only when its configuration allows it, and then gives them their MLflow run.</summary>
public sealed class UserProgramTrialTests
{
    [Fact]
    public async Task A_worker_that_does_not_allow_programs_fails_the_trial_saying_how_to_allow_them()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var trial = await ProgramTrialAsync(worker, "echo loss=1 > ran.txt; echo loss=1");

        await worker.Harness.Bus.Publish(trial, TestContext.Current.CancellationToken);

        Assert.True(await worker.Harness.Published.Any<TrialFailed>(TestContext.Current.CancellationToken));
        var failed = worker.Harness.Published.Select<TrialFailed>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.False(failed.Killed);
        Assert.Contains("does not run user programs (model: command). Set Worker:AllowCommands=true", failed.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(trial.Program!.WorkingDirectory, "ran.txt")), "the program ran anyway");
        var started = worker.Harness.Published.Select<TrialStarted>(TestContext.Current.CancellationToken).Single().Context.Message;
        var run = await (await worker.DeliveredAsync()).GetRunAsync(started.RunKey, TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Failed, run!.Status);
    }

    [Fact]
    public async Task An_allowed_program_gets_its_trials_run_id_and_its_metrics_reach_the_control_plane()
    {
        await using var worker = await WorkerHarness.StartAsync(allowCommands: true);
        var trial = await ProgramTrialAsync(worker, """
            echo "$MLFLOW_RUN_ID" > run-id.txt
            echo "$MLFLOW_TRACKING_URI" > tracking-uri.txt
            echo "loss=0.5 epoch=1"
            echo "loss=0.25 epoch=2"
            """);

        await worker.Harness.Bus.Publish(trial, TestContext.Current.CancellationToken);

        Assert.True(await worker.Harness.Published.Any<TrialCompleted>(TestContext.Current.CancellationToken));
        var completed = worker.Harness.Published.Select<TrialCompleted>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.Equal(0.25, completed.Metrics["loss"]);
        var progress = worker.ReportedEpochs().Select(e => e.Epoch);
        Assert.Equal([1, 2], progress);
        var started = worker.Harness.Published.Select<TrialStarted>(TestContext.Current.CancellationToken).Single().Context.Message;
        var folder = trial.Program!.WorkingDirectory;
        // In the file store the run id is the run key; the program can open the run with MLflow's own client.
        Assert.Equal(started.RunKey, File.ReadAllText(Path.Combine(folder, "run-id.txt")).Trim());
        Assert.Equal(new Uri(Path.Combine(worker.MlrunsDirectory, "mlruns")).AbsoluteUri, File.ReadAllText(Path.Combine(folder, "tracking-uri.txt")).Trim());
        var tracker = await worker.DeliveredAsync();
        var run = await tracker.GetRunAsync(started.RunKey, TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Finished, run!.Status);
        Assert.Equal("sh train.sh {lr}", run.Params["command"]);
        Assert.Equal("0.01", run.Params["lr"]);
        Assert.False(run.Params.ContainsKey("curriculum"));
    }

    private static async Task<StartTrial> ProgramTrialAsync(WorkerHarness worker, string script)
    {
        var folder = Directory.CreateTempSubdirectory("experiments-program-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "train.sh"), script.ReplaceLineEndings("\n") + "\n", TestContext.Current.CancellationToken);
        return await Trials.NewAsync(worker.Tracker, epochs: 2, new Dictionary<string, ParameterValue> { ["lr"] = ParameterValue.Float(0.01) }) with
        {
            Model = "command",
            Dataset = string.Empty,
            ObjectiveMetric = "loss",
            Program = new TrialProgram(["sh", "train.sh", "{lr}"], folder),
        };
    }
}
