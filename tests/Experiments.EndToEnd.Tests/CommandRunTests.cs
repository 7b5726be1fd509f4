using System.Globalization;
using Experiments.Testing.Mlflow;

namespace Experiments.EndToEnd.Tests;

/// <summary>
/// model: command sweeps a user's program through the whole stack: pruning reaches the program as SIGTERM, and a
/// program that logs to MLflow itself with the MLFLOW_RUN_ID it was given lands in its own trial's run.
/// </summary>
public sealed class CommandRunTests
{
    [Fact]
    public async Task Pruned_trials_programs_get_SIGTERM_and_their_runs_are_killed_with_the_programs_output()
    {
        using var workspace = new TestWorkspace();
        await File.WriteAllTextAsync(Path.Combine(workspace.Directory, "train.sh"), """
            trap 'echo "$EXPERIMENTS_TRIAL_NUMBER" > "terminated-$EXPERIMENTS_TRIAL_NUMBER"; exit 143' TERM
            echo "training with x=$1"
            e=1
            while [ "$e" -le "$2" ]; do echo "loss=$1 epoch=$e"; sleep 0.3; e=$((e+1)); done

            """, TestContext.Current.CancellationToken);
        var spec = workspace.WriteSpec("""
            name: e2e-command-asha
            model: command
            command: sh train.sh {x} {epochs}
            objective: {metric: loss, goal: minimize}
            budget: {max_trials: 10, parallel: 2, epochs: 6}
            search: {algorithm: random, seed: 5}
            scheduler: {name: asha, grace_period: 1, reduction_factor: 3}
            parameters:
              x: {type: uniform, min: 0, max: 1}

            """);

        var result = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--workers", "2");

        Assert.True(result.ExitCode == 0, result.Transcript);
        var sweep = SweepRuns.Read(workspace.MlrunsDirectory, "e2e-command-asha", result);
        Assert.Equal(10, sweep.Trials.Count);
        var pruned = sweep.Trials.Where(t => t.Tag("pruned") == "true").ToList();
        var full = sweep.Trials.Where(t => t.Tag("pruned") is null).ToList();
        Assert.NotEmpty(pruned);
        Assert.NotEmpty(full);
        Assert.All(pruned, trial =>
        {
            Assert.True(trial.Status == MlflowRun.Killed, $"{trial.RunName} status {trial.Status}: {sweep.Describe()}");
            var number = int.Parse(trial.Tag("experiments.trial_number")!, CultureInfo.InvariantCulture);
            Assert.True(File.Exists(Path.Combine(workspace.Directory, $"terminated-{number}")), $"trial {number} was pruned but its program never got SIGTERM: {result.Transcript}");
            Assert.InRange(trial.MetricLines("loss").Count, 1, 5);
        });
        Assert.All(full, trial =>
        {
            Assert.True(trial.Status == MlflowRun.Finished, $"{trial.RunName} status {trial.Status}: {sweep.Describe()}");
            var number = int.Parse(trial.Tag("experiments.trial_number")!, CultureInfo.InvariantCulture);
            Assert.False(File.Exists(Path.Combine(workspace.Directory, $"terminated-{number}")));
            Assert.Equal(6, trial.MetricLines("loss").Count);
            var log = File.ReadAllText(Path.Combine(trial.RunDirectory, "artifacts", "output.log"));
            Assert.StartsWith("training with x=", log, StringComparison.Ordinal);
            Assert.Equal("sh train.sh {x} {epochs}", File.ReadAllText(Path.Combine(trial.RunDirectory, "params", "command")));
        });
    }

    [Fact]
    public async Task A_program_logging_through_mlflows_rest_api_with_its_run_id_lands_in_its_trials_run()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        using var workspace = new TestWorkspace();
        await File.WriteAllTextAsync(Path.Combine(workspace.Directory, "train.py"), """
            import json, os, sys, time, urllib.request

            # What MLflow's own client does with MLFLOW_TRACKING_URI and MLFLOW_RUN_ID, without needing it installed.
            x = float(sys.argv[1])
            body = {
                "run_id": os.environ["MLFLOW_RUN_ID"],
                "metrics": [{"key": "program_metric", "value": x, "timestamp": int(time.time() * 1000), "step": 0}],
                "params": [{"key": "program_param", "value": sys.argv[1]}],
                "tags": [{"key": "logged_by", "value": "train.py"}],
            }
            request = urllib.request.Request(
                os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + "/api/2.0/mlflow/runs/log-batch",
                data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
            urllib.request.urlopen(request).read()
            print(f"loss={x}")

            """, TestContext.Current.CancellationToken);
        var spec = workspace.WriteSpec("""
            name: e2e-command-rest
            model: command
            command: python3 train.py {x}
            objective: {metric: loss, goal: minimize}
            budget: {max_trials: 3, parallel: 2, epochs: 1}
            parameters:
              x: {type: uniform, min: 0, max: 1}

            """);

        var result = await CliProcess.RunAsync(
            workspace.Directory, new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = server.BaseUri.ToString() }, "run", spec, "--workers", "2");

        Assert.True(result.ExitCode == 0, result.Transcript);
        var trials = server.AllRuns().Where(run => run.Tags.GetValueOrDefault("experiments.kind") == "trial").ToList();
        Assert.Equal(3, trials.Count);
        Assert.All(trials, trial =>
        {
            Assert.Equal("train.py", trial.Tags.GetValueOrDefault("logged_by"));
            // The program's value is the trial's own parameter: it logged to its own run, not a neighbour's.
            Assert.Equal(trial.Params["x"], trial.Params["program_param"]);
            var logged = Assert.Single(trial.Metrics, m => m.Key == "program_metric");
            Assert.Equal(double.Parse(trial.Params["x"], CultureInfo.InvariantCulture), logged.Value);
            Assert.Equal("FINISHED", trial.Status);
        });
    }
}
