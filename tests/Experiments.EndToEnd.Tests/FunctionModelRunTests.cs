namespace Experiments.EndToEnd.Tests;

/// <summary>model: function sweeps run through the whole stack in seconds, and nothing loads libtorch for them.</summary>
public sealed class FunctionModelRunTests
{
    [Theory]
    [InlineData("tpe")]
    [InlineData("cmaes")]
    [InlineData("sobol")]
    public async Task A_function_sweep_completes_with_every_trial_in_mlflow_without_loading_libtorch(string algorithm)
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec($$"""
            name: e2e-function-{{algorithm}}
            model: function
            dataset: branin
            objective: {metric: value, goal: minimize}
            budget: {max_trials: 16, parallel: 2, epochs: 2}
            search: {algorithm: {{algorithm}}, seed: 3}
            parameters:
              x1: {type: uniform, min: -5, max: 10}
              x2: {type: uniform, min: 0, max: 15}

            """);

        // The dynamic loader lists every shared library it opens, dlopen included (how .NET loads native code).
        var result = await CliProcess.RunAsync(workspace.Directory, new Dictionary<string, string?> { ["LD_DEBUG"] = "files" }, "run", spec, "--workers", "2");

        Assert.True(result.ExitCode == 0, result.Transcript);
        Assert.Contains("libcoreclr.so", result.StandardError, StringComparison.Ordinal); // the listing works
        Assert.DoesNotContain("libtorch", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("libLibTorchSharp", result.StandardError, StringComparison.Ordinal);

        var sweep = SweepRuns.Read(workspace.MlrunsDirectory, $"e2e-function-{algorithm}", result);
        Assert.True(sweep.Parent.Status == MlflowRun.Finished, $"Parent run status {sweep.Parent.Status}: {sweep.Describe()}");
        Assert.Equal(16, sweep.Trials.Count);
        Assert.All(sweep.Trials, trial =>
        {
            Assert.True(trial.Status == MlflowRun.Finished, $"{trial.RunName} status {trial.Status}: {sweep.Describe()}");
            Assert.Equal(2, trial.MetricLines("value").Count);
        });
    }

    [Fact]
    public async Task Parameters_are_shown_in_the_order_the_spec_declares_them()
    {
        using var workspace = new TestWorkspace();
        var coordinates = string.Join("\n", Enumerable.Range(1, 10).Select(i => $"  x{i}: {{type: uniform, min: -1, max: 1}}"));
        var spec = workspace.WriteSpec($"name: e2e-function-order\nmodel: function\ndataset: sphere10\nobjective: {{metric: value}}\nbudget: {{max_trials: 2, epochs: 1}}\nparameters:\n{coordinates}\n");

        var result = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--workers", "1");

        Assert.True(result.ExitCode == 0, result.Transcript);
        Assert.Matches(@"Best: trial \d, value = [^(]+\(x1=\S+ x2=\S+ x3=\S+ x4=\S+ x5=\S+ x6=\S+ x7=\S+ x8=\S+ x9=\S+ x10=\S+\)", result.StandardOutput);
    }

    [Fact]
    public async Task A_coordinate_outside_the_functions_range_fails_its_trials_with_the_reason()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec("""
            name: e2e-function-range
            model: function
            dataset: hartmann6
            objective: {metric: value}
            budget: {max_trials: 2, parallel: 1, epochs: 1, max_failed: 5}
            parameters:
              x1: {type: uniform, min: 1.5, max: 2}

            """);

        var result = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--workers", "1");

        Assert.True(result.ExitCode != 0, result.Transcript);
        Assert.Contains("'x1' =", result.Transcript, StringComparison.Ordinal);
        Assert.Contains("outside hartmann6's range for it; allowed: [0, 1]", result.Transcript, StringComparison.Ordinal);
    }
}

/// <summary>scheduler: asha stops trials that fall behind: PRUNED in the sweep, KILLED with a pruned tag in MLflow, slots refilled.</summary>
public sealed class SchedulerRunTests
{
    [Fact]
    public async Task Asha_prunes_the_trials_that_fall_behind_and_the_rest_train_their_full_budget()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec("""
            name: e2e-asha
            model: function
            dataset: sphere2
            objective: {metric: value, goal: minimize}
            budget: {max_trials: 12, parallel: 2, epochs: 9}
            search: {algorithm: random, seed: 5}
            scheduler: {name: asha, grace_period: 1, reduction_factor: 3}
            parameters:
              x1: {type: uniform, min: -5, max: 5}
              x2: {type: uniform, min: -5, max: 5}
              seconds_per_epoch: 0.25

            """);

        var result = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--workers", "2");

        Assert.True(result.ExitCode == 0, result.Transcript);
        Assert.Contains("PRUNED", result.StandardOutput, StringComparison.Ordinal);
        var sweep = SweepRuns.Read(workspace.MlrunsDirectory, "e2e-asha", result);
        Assert.Equal(12, sweep.Trials.Count);
        var pruned = sweep.Trials.Where(t => t.Tag("pruned") == "true").ToList();
        var full = sweep.Trials.Where(t => t.Tag("pruned") is null).ToList();
        Assert.NotEmpty(pruned);
        Assert.NotEmpty(full);
        Assert.All(pruned, trial =>
        {
            Assert.True(trial.Status == MlflowRun.Killed, $"{trial.RunName} status {trial.Status}: {sweep.Describe()}");
            Assert.Contains("asha rung at epoch", trial.Tag("experiments.pruned_reason"), StringComparison.Ordinal);
            Assert.InRange(trial.MetricLines("value").Count, 1, 8);
        });
        Assert.All(full, trial =>
        {
            Assert.True(trial.Status == MlflowRun.Finished, $"{trial.RunName} status {trial.Status}: {sweep.Describe()}");
            Assert.Equal(9, trial.MetricLines("value").Count);
        });
        // Pruning saves compute: the pruned trials together trained fewer epochs than they would have in full.
        Assert.True(pruned.Sum(t => t.MetricLines("value").Count) < pruned.Count * 9);
    }
}

/// <summary>scheduler: pbt through the whole stack: the worst trials continue from the best ones' state as new attempts whose runs record the lineage.</summary>
public sealed class PopulationBasedTrainingRunTests
{
    [Fact]
    public async Task Exploiting_trials_get_new_attempts_whose_runs_record_the_donor_and_continue_after_its_epoch()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec("""
            name: e2e-pbt
            model: function
            dataset: sphere2
            objective: {metric: value, goal: minimize}
            budget: {max_trials: 6, parallel: 6, epochs: 8}
            search: {algorithm: random, seed: 5}
            scheduler: {name: pbt, interval: 2, quantile: 0.34}
            parameters:
              x1: {type: uniform, min: -5, max: 5}
              x2: {type: uniform, min: -5, max: 5}
              seconds_per_epoch: 0.3

            """);

        var result = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--workers", "6");

        Assert.True(result.ExitCode == 0, result.Transcript);
        var sweep = SweepRuns.Read(workspace.MlrunsDirectory, "e2e-pbt", result);
        var inheriting = sweep.Trials.Where(t => t.Tag("experiments.pbt_donor_trial") is not null).ToList();
        Assert.NotEmpty(inheriting);
        Assert.All(inheriting, run =>
        {
            Assert.True(run.Status == MlflowRun.Finished || run.Tag("experiments.pbt_replaced") is not null, $"{run.RunName} status {run.Status}: {sweep.Describe()}");
            var epoch = int.Parse(run.Tag("experiments.pbt_epoch")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith($"pbt at epoch {epoch}: ", run.Tag("experiments.pbt_reason"), StringComparison.Ordinal);
            var firstStep = run.MetricLines("value").Select(line => long.Parse(line.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture)).Min();
            Assert.Equal(epoch + 1, firstStep);
        });
        // Every replaced run was closed KILLED with the reason; each trial ends with one finished run.
        var replaced = sweep.Trials.Where(t => t.Tag("experiments.pbt_replaced") is not null).ToList();
        Assert.NotEmpty(replaced);
        Assert.All(replaced, run => Assert.Equal(MlflowRun.Killed, run.Status));
        Assert.Equal(6, sweep.Trials.Count(t => t.Status == MlflowRun.Finished));
    }
}
