using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using Experiments.Search;

namespace Experiments.Specs.Tests;

public sealed class SpecParsingTests
{
    [Fact]
    public void The_random_example_parses_to_the_documented_sweep()
    {
        var path = Path.Combine(SpecText.RepositoryRoot(), "examples", "vae-mnist.yaml");

        var result = SpecParsing.ParseFile(path);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var spec = result.Spec!;
        Assert.Equal("vae-mnist", spec.Name);
        Assert.Equal("vae", spec.Model);
        Assert.Equal("mnist", spec.Dataset);
        Assert.Equal(new ObjectiveSpec("elbo", ObjectiveGoal.Maximize), spec.Objective);
        Assert.Equal(new BudgetSpec(MaxTrials: 4, Parallel: 2, MaxFailed: null, Epochs: 3), spec.Budget);
        Assert.Equal(new SearchSpec("random", 7, AlgorithmOptions.None), spec.Search);
        Assert.Equal(path, spec.SourceName);
        Assert.Equal(File.ReadAllText(path), spec.SourceText);
        Assert.Matches("^[0-9a-f]{64}$", spec.Fingerprint);
        Assert.Equal(
            new SearchSpace(
            [
                new("learning_rate", new LogUniformDistribution(1e-4, 3e-3)),
                new("latent_dim", new IntDistribution(4, 32, Log: true)),
                new("beta", new UniformDistribution(0.5, 1.5)),
                new("batch_size", new ChoiceDistribution([ParameterValue.Int(64), ParameterValue.Int(128)])),
            ]),
            spec.Parameters);
    }

    [Fact]
    public void Checkpoint_settings_default_to_every_epoch_keeping_two_and_do_not_change_the_fingerprint()
    {
        var plain = SpecParsing.Parse(SpecText.Valid, "spec.yaml").Spec!;
        var tuned = SpecParsing.Parse(SpecText.With("search: {", "checkpoints: {every: 2, keep_last: 3}\nsearch: {"), "spec.yaml").Spec!;
        var off = SpecParsing.Parse(SpecText.With("search: {", "checkpoints: {every: 0}\nsearch: {"), "spec.yaml").Spec!;

        Assert.Equal(new CheckpointPolicy(1, 2), plain.Checkpoints);
        Assert.Equal(new CheckpointPolicy(2, 3), tuned.Checkpoints);
        Assert.Equal(new CheckpointPolicy(0, 2), off.Checkpoints);
        Assert.Equal(plain.Fingerprint, tuned.Fingerprint);
    }

    [Theory]
    [InlineData(null, ResourceRequirement.Any)]
    [InlineData("resources: gpu", ResourceRequirement.Gpu)]
    [InlineData("resources: {gpu: 1}", ResourceRequirement.Gpu)]
    [InlineData("resources: {gpu: 0}", ResourceRequirement.Cpu)]
    [InlineData("resources: cpu", ResourceRequirement.Cpu)]
    [InlineData("resources: any", ResourceRequirement.Any)]
    public void Resources_say_which_kind_of_worker_slot_trials_need_and_do_not_change_the_fingerprint(string? line, ResourceRequirement expected)
    {
        var plain = SpecParsing.Parse(SpecText.Valid, "spec.yaml").Spec!;
        var spec = line is null ? plain : SpecParsing.Parse(SpecText.With("search: {", line + "\nsearch: {"), "spec.yaml").Spec!;

        Assert.Equal(expected, spec.Resources);
        Assert.Equal(plain.Fingerprint, spec.Fingerprint);
    }

    public static TheoryData<string> Examples() =>
        new(new[] { "examples", Path.Combine("bench", "quality") }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(SpecText.RepositoryRoot(), folder), "*.yaml"))
            .Select(path => Path.GetRelativePath(SpecText.RepositoryRoot(), path))
            .Order(StringComparer.Ordinal));

    /// <summary>Every shipped example (and benchmark spec) is valid against the catalog, so a new user's first run cannot fail on the spec.</summary>
    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_spec_is_valid(string relativePath)
    {
        var result = SpecParsing.ParseFile(Path.Combine(SpecText.RepositoryRoot(), relativePath));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void The_grid_example_parses_and_its_grid_is_enumerable()
    {
        var result = SpecParsing.ParseFile(Path.Combine(SpecText.RepositoryRoot(), "examples", "vae-mnist-grid.yaml"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var spec = result.Spec!;
        Assert.Equal("grid", spec.Search.Algorithm);
        Assert.Equal(ObjectiveGoal.Maximize, spec.Objective.Goal);
        Assert.Equal(3, spec.Budget.MaxFailed);
        var sampler = SamplerRegistry.Create(spec.Search.Algorithm, SamplerSettings.Default(spec.Search.Seed!.Value));
        Assert.Equal(18, sampler.MaxTrials(spec.Parameters));
        Assert.Equal(ParameterValue.Int(128), sampler.Suggest(spec.Parameters, 0, [])["batch_size"]);
    }

    [Fact]
    public void Every_distribution_form_parses()
    {
        var yaml = """
            name: all.forms_1
            model: vae
            dataset: mnist
            objective: {metric: loss}
            budget: {max_trials: 3}
            parameters:
              learning_rate: {type: loguniform, min: 1e-4, max: 1e-2, grid_points: 3}
              beta: {type: uniform, min: 0, max: 2, grid_points: 5}
              latent_dim: {type: int, min: 8, max: 64, step: 8}
              batch_size: {type: choice, values: [32, 64.0]}
              base_channels: {type: fixed, value: 32}
              weight_decay: 0

            """;

        var result = SpecParsing.Parse(yaml, "forms.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var spec = result.Spec!;
        Assert.Equal(new ObjectiveSpec("loss", ObjectiveGoal.Minimize), spec.Objective);
        Assert.Equal(new BudgetSpec(3, Parallel: 1, MaxFailed: null, Epochs: 10), spec.Budget);
        Assert.Equal(SearchSpec.Default, spec.Search);
        var parameters = spec.Parameters.Parameters.ToDictionary(p => p.Name, p => p.Distribution);
        Assert.Equal(new LogUniformDistribution(1e-4, 1e-2, 3), parameters["learning_rate"]);
        Assert.Equal(new UniformDistribution(0, 2, 5), parameters["beta"]);
        Assert.Equal(new IntDistribution(8, 64, Log: false, Step: 8), parameters["latent_dim"]);
        // Literals take the hyperparameter's kind: 64.0 is the integer 64, weight_decay 0 is the float 0.0.
        Assert.Equal(new ChoiceDistribution([ParameterValue.Int(32), ParameterValue.Int(64)]), parameters["batch_size"]);
        Assert.Equal(new FixedDistribution(ParameterValue.Int(32)), parameters["base_channels"]);
        Assert.Equal(new FixedDistribution(ParameterValue.Float(0)), parameters["weight_decay"]);
        Assert.Equal(
            ["learning_rate", "beta", "latent_dim", "batch_size", "base_channels", "weight_decay"],
            spec.Parameters.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void A_stepped_uniform_parses_is_a_grid_and_has_its_own_fingerprint()
    {
        var yaml = SpecText.With("algorithm: random", "algorithm: grid")
            .Replace("learning_rate: {type: loguniform, min: 1.0e-4, max: 3.0e-3}", "beta: {type: uniform, min: 0.5, max: 1.5, step: 0.25}", StringComparison.Ordinal);

        var spec = SpecParsing.Parse(yaml, "stepped.yaml").Spec!;
        var other = SpecParsing.Parse(yaml.Replace("step: 0.25", "step: 0.5", StringComparison.Ordinal), "stepped.yaml").Spec!;

        Assert.Equal(new UniformDistribution(0.5, 1.5, Step: 0.25), spec.Parameters.Find("beta")!.Distribution);
        Assert.Equal(5, spec.Parameters.Find("beta")!.Distribution.GridSize);
        Assert.NotEqual(spec.Fingerprint, other.Fingerprint);
    }

    [Theory]
    [InlineData("hartmann6", null)]
    [InlineData("hartman6", "3:10: dataset: unknown input 'hartman6' for model function; did you mean 'hartmann6'?; allowed: branin, hartmann6,")]
    [InlineData("./data", "3:10: dataset: unknown input './data' for model function; allowed: branin,")]
    public void The_function_model_takes_its_test_functions_as_data_sets_and_nothing_else(string dataset, string? error)
    {
        var yaml = $$"""
            name: function-spec
            model: function
            dataset: {{dataset}}
            objective: {metric: value, goal: minimize}
            budget: {max_trials: 3}
            parameters:
              x1: {type: uniform, min: 0, max: 1}

            """;

        var result = SpecParsing.Parse(yaml, "function.yaml");

        if (error is null)
        {
            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.Equal("hartmann6", result.Spec!.Dataset);
        }
        else
        {
            Assert.Contains(result.Errors, e => e.ToString().Contains(error, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("scheduler: asha\n", "asha", "")]
    [InlineData("scheduler: {name: median, startup_trials: 3}\n", "median", "startup_trials=3")]
    [InlineData("scheduler: {name: hyperband, reduction_factor: 2, brackets: 2}\n", "hyperband", "brackets=2, reduction_factor=2")]
    public void A_scheduler_is_read_with_its_options_and_changes_the_fingerprint(string yaml, string name, string options)
    {
        var plain = SpecParsing.Parse(SpecText.Valid, "spec.yaml").Spec!;
        var result = SpecParsing.Parse(SpecText.Valid + yaml, "spec.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(name, result.Spec!.Scheduler.Name);
        Assert.Equal(options.Length == 0 ? "(defaults)" : options, result.Spec.Scheduler.Options.ToString());
        Assert.Equal(SchedulerSpec.None, plain.Scheduler);
        Assert.NotEqual(plain.Fingerprint, result.Spec.Fingerprint);
        Assert.Equal(plain.Fingerprint, SpecParsing.Parse(SpecText.Valid + "scheduler: none\n", "spec.yaml").Spec!.Fingerprint);
    }

    [Theory]
    [InlineData("scheduler: ashaa\n", "scheduler: unknown scheduler 'ashaa'; did you mean 'asha'? available: none, median, asha, hyperband")]
    [InlineData("scheduler: {name: asha, grace: 2}\n", "scheduler.grace: unknown key 'grace'; allowed: name, grace_period, reduction_factor, brackets")]
    [InlineData("scheduler: {name: asha, reduction_factor: 1}\n", "scheduler.reduction_factor: asha option reduction_factor: expected an integer in [2, 100], got 1")]
    [InlineData("scheduler: {grace_period: 2}\n", "scheduler.name: missing required key 'name'")]
    public void A_bad_scheduler_is_reported_at_its_node(string yaml, string message)
    {
        var result = SpecParsing.Parse(SpecText.Valid + yaml, "spec.yaml");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains(message, StringComparison.Ordinal) && e.Line == 11);
    }

    [Theory]
    [InlineData("scheduler: {name: pbt, mutations: \"learning_rat\"}\n", "scheduler.mutations: unknown parameter 'learning_rat'; did you mean 'learning_rate'?")]
    [InlineData("checkpoints: {every: 0}\nscheduler: pbt\n", "scheduler: pbt continues trials from other trials' checkpoints, but checkpoints.every is 0")]
    public void Pbt_needs_checkpoints_and_mutations_that_are_parameters(string yaml, string message)
    {
        var result = SpecParsing.Parse(SpecText.Valid + yaml, "spec.yaml");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains(message, StringComparison.Ordinal));
        Assert.True(SpecParsing.Parse(SpecText.Valid + "scheduler: {name: pbt, interval: 2, mutations: \"learning_rate\"}\n", "spec.yaml").IsValid);
    }

    [Fact]
    public void A_grid_larger_than_max_trials_is_accepted()
    {
        var yaml = SpecText.With("algorithm: random", "algorithm: grid")
            .Replace("max: 3.0e-3}", "max: 3.0e-3, grid_points: 10}", StringComparison.Ordinal);

        var result = SpecParsing.Parse(yaml, "grid.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(10 * 29 * 2, new GridSampler(7).MaxTrials(result.Spec!.Parameters));
    }

    [Fact]
    public void Explicit_null_max_failed_and_seed_mean_not_set()
    {
        var yaml = SpecText.With("epochs: 3}", "epochs: 3, max_failed: null}").Replace("seed: 7", "seed: ~", StringComparison.Ordinal);

        var spec = SpecParsing.Parse(yaml, "nulls.yaml").Spec;

        Assert.NotNull(spec);
        Assert.Null(spec.Budget.MaxFailed);
        Assert.Null(spec.Search.Seed);
    }

    [Fact]
    public void A_relative_dataset_path_resolves_against_the_spec_folder()
    {
        var folder = Directory.CreateTempSubdirectory("spec-tests-");
        try
        {
            var data = Directory.CreateDirectory(Path.Combine(folder.FullName, "data", "idx"));
            ShippedMnist.CopyTo(data.FullName);
            var specPath = Path.Combine(folder.FullName, "sweep.yaml");
            File.WriteAllText(specPath, SpecText.With("dataset: mnist", "dataset: data/idx"));

            var fromFile = SpecParsing.ParseFile(specPath);
            var fromText = SpecParsing.Parse(SpecText.With("dataset: mnist", "dataset: ./data/idx/"), "inline", folder.FullName);

            Assert.True(fromFile.IsValid, string.Join("\n", fromFile.Errors));
            Assert.Equal(data.FullName, fromFile.Spec!.Dataset);
            Assert.True(Path.IsPathRooted(fromFile.Spec.Dataset));
            Assert.True(fromText.IsValid, string.Join("\n", fromText.Errors));
            Assert.Equal(data.FullName, fromText.Spec!.Dataset.TrimEnd(Path.DirectorySeparatorChar));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_absolute_dataset_path_is_kept()
    {
        var folder = Directory.CreateTempSubdirectory("spec-tests-");
        try
        {
            ShippedMnist.CopyTo(folder.FullName);
            var result = SpecParsing.Parse(SpecText.With("dataset: mnist", $"dataset: '{folder.FullName}'"), "abs.yaml", "/nowhere");

            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.Equal(folder.FullName, result.Spec!.Dataset);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_file_is_one_error_at_position_zero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");

        var result = SpecParsing.ParseFile(path);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Spec);
        Assert.Equal((path, 0, 0), (error.Source, error.Line, error.Column));
        Assert.Contains("spec file not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_given_as_the_spec_is_named_as_a_folder()
    {
        var folder = Directory.CreateTempSubdirectory("spec-tests-");
        try
        {
            var error = Assert.Single(SpecParsing.ParseFile(folder.FullName).Errors);

            Assert.Equal($"{folder.FullName}:0:0: (file): '{folder.FullName}' is a folder, not a spec file; pass the path of a YAML spec file", error.ToString());
        }
        finally
        {
            folder.Delete();
        }
    }

    [Fact]
    public void A_spec_file_that_cannot_be_read_is_named_with_the_reason()
    {
        // Reading a process's memory from offset 0 fails with EIO: a real I/O error on any Linux machine, also for root.
        const string path = "/proc/self/mem";

        var error = Assert.Single(SpecParsing.ParseFile(path).Errors);

        Assert.Equal((path, 0, 0, "(file)"), (error.Source, error.Line, error.Column, error.Field));
        Assert.StartsWith($"cannot read the spec file '{path}': Input/output error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_from_a_file_name_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, SpecText.With("model: vae", "model: gan2"));

            var error = Assert.Single(SpecParsing.ParseFile(path).Errors);

            Assert.Equal($"{path}:2:8: model: unknown model 'gan2'; available: vae, dcgan, cgan, infogan, wgan-gp, autoencoder, lstm-lm, lstm-forecast, function, command", error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
