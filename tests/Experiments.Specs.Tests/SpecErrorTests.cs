namespace Experiments.Specs.Tests;

/// <summary>Each kind of bad input gives an error at the offending node, naming the field and what is allowed.</summary>
public sealed class SpecErrorTests
{
    [Theory]
    [InlineData("parallel: 2", "paralel: 2", 5, 25, "budget.paralel", "unknown key 'paralel'; did you mean 'parallel'? allowed: max_trials, parallel, max_failed, epochs")]
    [InlineData("epochs: 3", "epochs: two", 5, 46, "budget.epochs", "expected an integer from 1 to 100000, got 'two'")]
    [InlineData("epochs: 3", "epochs: 100001", 5, 46, "budget.epochs", "allowed: an integer from 1 to 100000")]
    [InlineData("max_trials: 4", "max_trials: \"4\"", 5, 22, "budget.max_trials", "(remove the quotes)")]
    [InlineData("max_trials: 4", "max_trials: 0", 5, 22, "budget.max_trials", "allowed: an integer >= 1")]
    [InlineData("parallel: 2", "parallel: 5", 5, 35, "budget.parallel", "parallel (5) may not exceed max_trials (4)")]
    [InlineData("{max_trials: 4, parallel: 2, epochs: 3}", "{parallel: 1, epochs: 3}", 5, 9, "budget.max_trials", "missing required key 'max_trials'")]
    [InlineData("{max_trials: 4, parallel: 2, epochs: 3}", "{max_trials: 4, max_failed: -1}", 5, 37, "budget.max_failed", "allowed: an integer >= 0")]
    [InlineData("name: vae-mnist", "name: vae mnist", 1, 7, "name", "allowed: 1 to 100 characters")]
    [InlineData("model: vae", "model: gan2", 2, 8, "model", "unknown model 'gan2'; available: vae, dcgan, cgan, infogan, wgan-gp, autoencoder, lstm-lm, lstm-forecast, function, command")]
    [InlineData("model: vae", "model: vea", 2, 8, "model", "did you mean 'vae'?")]
    [InlineData("dataset: mnist", "dataset: mnst", 3, 10, "dataset", "did you mean 'mnist'?")]
    [InlineData("dataset: mnist\n", "", 1, 1, "dataset", "missing required key 'dataset'")]
    [InlineData("model: vae\n", "model: vae\nmodel: vae\n", 3, 1, "model", "duplicate key 'model' (first defined at line 2)")]
    [InlineData("metric: elbo", "metric: fid", 4, 21, "objective.metric", "unknown metric 'fid' for model vae; available: elbo, loss, reconstruction, kl, train_loss, anomaly_auroc, anomaly_auroc_reconstruction")]
    [InlineData("goal: maximize", "goal: up", 4, 33, "objective.goal", "unknown value 'up'; allowed: minimize, maximize")]
    [InlineData("algorithm: random", "algorithm: grd", 6, 21, "search.algorithm", "did you mean 'grid'?")]
    [InlineData("algorithm: random", "algorithm: hyperopt", 6, 21, "search.algorithm", "unknown search algorithm 'hyperopt'; available: random, grid, tpe, cmaes, sobol")]
    [InlineData("seed: 7", "seed: 7, startup_trials: 5", 6, 38, "search.startup_trials", "unknown key 'startup_trials'; allowed: algorithm, seed")]
    [InlineData("algorithm: random, seed: 7", "algorithm: tpe, seed: 7, startup_trials: -1", 6, 51, "search.startup_trials", "tpe option startup_trials: expected an integer in [0, 100000], got -1")]
    [InlineData("algorithm: random, seed: 7", "algorithm: tpe, seed: 7, multivariate: 1", 6, 49, "search.multivariate", "tpe option multivariate: expected true or false, got 1")]
    [InlineData("algorithm: random, seed: 7", "algorithm: tpe, seed: 7, candidats: 8", 6, 35, "search.candidats", "did you mean 'candidates'?")]
    [InlineData("seed: 7", "seed: seven", 6, 35, "search.seed", "expected an integer, got 'seven'")]
    [InlineData("{type: loguniform, min: 1.0e-4, max: 3.0e-3}", "{type: uniform, min: 0.0, max: 0.45, step: 0.1}", 8, 61, "parameters.learning_rate.step", "max - min (0.45) must be a whole number of steps of 0.1")]
    [InlineData("{type: loguniform, min: 1.0e-4, max: 3.0e-3}", "{type: uniform, min: 0.0, max: 0.5, step: 0}", 8, 60, "parameters.learning_rate.step", "step must be > 0, got 0")]
    [InlineData("{type: loguniform, min: 1.0e-4, max: 3.0e-3}", "{type: uniform, min: 0.0, max: 0.5, step: 0.1, grid_points: 3}", 8, 60, "parameters.learning_rate.step", "step and grid_points cannot be combined")]
    [InlineData("type: loguniform, min: 1.0e-4, max: 3.0e-3", "type: loguniform, min: 1.0e-4, max: 3.0e-3, step: 1.0e-4", 8, 63, "parameters.learning_rate.step", "unknown key 'step'; allowed: type, min, max, grid_points")]
    [InlineData("min: 1.0e-4, max: 3.0e-3", "min: 0.1, max: 0.01", 8, 42, "parameters.learning_rate.min", "min (0.1) must be less than max (0.01)")]
    [InlineData("min: 1.0e-4", "min: 0", 8, 42, "parameters.learning_rate.min", "loguniform needs min > 0, got 0")]
    [InlineData("min: 1.0e-4", "min: tiny", 8, 42, "parameters.learning_rate.min", "expected a number (e.g. 0.5 or 1e-4), got 'tiny'")]
    [InlineData("max: 3.0e-3", "max: 3", 8, 55, "parameters.learning_rate.max", "learning_rate: values must be a number in [1E-07, 1], got 3")]
    [InlineData("type: loguniform", "type: int", 8, 25, "parameters.learning_rate.type", "learning_rate is a float hyperparameter")]
    [InlineData("min: 4, max: 32", "min: 4, max: 1000", 9, 40, "parameters.latent_dim.max", "latent_dim: values must be an integer in [1, 512], got 1000")]
    [InlineData("min: 4,", "min: 4.5,", 9, 32, "parameters.latent_dim.min", "expected an integer, got '4.5'")]
    [InlineData("min: 4, max: 32, log: true", "min: 0, max: 32, log: true", 9, 32, "parameters.latent_dim.min", "int with log: true needs min >= 1, got 0")]
    [InlineData("log: true", "log: yes", 9, 49, "parameters.latent_dim.log", "expected true or false, got 'yes'")]
    [InlineData("log: true", "log: true, step: 2", 9, 61, "parameters.latent_dim.step", "cannot be combined with log: true")]
    [InlineData("type: int", "type: integer", 9, 22, "parameters.latent_dim.type", "unknown distribution type 'integer'; allowed: uniform, loguniform, int, choice, fixed")]
    [InlineData("log: true", "lg: true", 9, 44, "parameters.latent_dim.lg", "did you mean 'log'? allowed: type, min, max, log, step")]
    [InlineData("{type: int, min: 4, max: 32, log: true}", "{min: 4, max: 32}", 9, 15, "parameters.latent_dim.type", "missing required key 'type'")]
    [InlineData("values: [64, 128]", "values: []", 10, 38, "parameters.batch_size.values", "choice needs at least one value")]
    [InlineData("values: [64, 128]", "values: [64, true]", 10, 43, "parameters.batch_size.values[1]", "batch_size: values must be an integer in [1, 4096], got true")]
    [InlineData("values: [64, 128]", "values: [64, 64]", 10, 43, "parameters.batch_size.values[1]", "duplicate value 64")]
    [InlineData("  batch_size:", "  batch_sise:", 10, 3, "parameters.batch_sise", "unknown hyperparameter 'batch_sise' for model vae; did you mean 'batch_size'?")]
    [InlineData("{type: choice, values: [64, 128]}", "[64, 128]", 10, 15, "parameters.batch_size", "got a list")]
    [InlineData("{type: choice, values: [64, 128]}", "big", 10, 15, "parameters.batch_size", "batch_size: values must be an integer")]
    [InlineData("algorithm: random", "algorithm: grid", 8, 18, "parameters.learning_rate", "grid search needs a discrete distribution")]
    [InlineData("model: vae", "model: !!str vae", 2, 8, "(document)", "YAML tags (tag:yaml.org,2002:str) are not allowed")]
    [InlineData("search: {", "checkpoints: {every: -1}\nsearch: {", 6, 22, "checkpoints.every", "allowed: an integer from 0 to 100000")]
    [InlineData("search: {", "checkpoints: {keep_last: 0}\nsearch: {", 6, 26, "checkpoints.keep_last", "allowed: an integer from 1 to 1000")]
    [InlineData("search: {", "checkpoints: {keep_lst: 3}\nsearch: {", 6, 15, "checkpoints.keep_lst", "unknown key 'keep_lst'; did you mean 'keep_last'? allowed: every, keep_last")]
    [InlineData("search: {", "resources: {gpu: 2}\nsearch: {", 6, 18, "resources.gpu", "a worker slot holds one GPU (workers run one slot per GPU), so a trial can ask for 0 or 1, not 2")]
    [InlineData("search: {", "resources: gpus\nsearch: {", 6, 12, "resources", "unknown value 'gpus'; did you mean 'gpu'? allowed: any, cpu, gpu")]
    [InlineData("search: {", "resources: {cpu: 4}\nsearch: {", 6, 13, "resources.cpu", "unknown key 'cpu'")]
    public void Bad_input_is_reported_at_the_offending_node(
        string original, string replacement, int line, int column, string field, string message)
    {
        var result = SpecParsing.Parse(SpecText.With(original, replacement), "spec.yaml");

        Assert.False(result.IsValid);
        Assert.Null(result.Spec);
        Assert.Contains(result.Errors, e =>
            e.Line == line && e.Column == column && e.Field == field
            && e.Message.Contains(message, StringComparison.Ordinal)
            && e.Source == "spec.yaml");
    }

    [Fact]
    public void Every_error_is_reported_in_document_order()
    {
        var yaml = """
            name: bad name
            model: vae
            dataset: mnist
            objective: {metric: fid}
            budget: {max_trials: 2, paralel: 1, epochs: 0}
            parameters:
              learning_rate: {type: loguniform, min: 0, max: 1.0e-2}
              latent_dim: {type: int, min: 4, max: 32}
              beta: {type: uniform, min: 2, max: 1}

            """;

        var errors = SpecParsing.Parse(yaml, "many.yaml").Errors;

        Assert.Equal(
            ["name", "objective.metric", "budget.paralel", "budget.epochs", "parameters.learning_rate.min", "parameters.learning_rate.min", "parameters.beta.min"],
            errors.Select(e => e.Field));
        Assert.Equal(errors.OrderBy(e => e.Line).ThenBy(e => e.Column), errors);
    }

    [Fact]
    public void Error_text_is_file_line_column_field_message()
    {
        var error = SpecParsing.Parse(SpecText.With("model: vae", "model: gan2"), "specs/x.yaml").Errors.Single();

        Assert.Equal("specs/x.yaml:2:8: model: unknown model 'gan2'; available: vae, dcgan, cgan, infogan, wgan-gp, autoencoder, lstm-lm, lstm-forecast, function, command", error.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n...\n")]
    public void An_empty_file_is_reported(string yaml)
    {
        var error = Assert.Single(SpecParsing.Parse(yaml, "empty.yaml").Errors);

        Assert.Equal("(document)", error.Field);
        Assert.Contains("the spec is empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- name: a\n- name: b\n", "got a list")]
    [InlineData("just text\n", "got 'just text'")]
    public void A_top_level_that_is_not_a_mapping_is_reported(string yaml, string message)
    {
        var error = Assert.Single(SpecParsing.Parse(yaml, "list.yaml").Errors);

        Assert.Equal((1, 1, "(document)"), (error.Line, error.Column, error.Field));
        Assert.Contains("expected a mapping with keys name, model, dataset", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_syntax_errors_carry_the_parser_position()
    {
        var yaml = SpecText.With("{metric: elbo, goal: maximize}", "{metric: elbo, goal: maximize");

        var error = Assert.Single(SpecParsing.Parse(yaml, "broken.yaml").Errors);

        Assert.Equal("(document)", error.Field);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 4, 6);
        Assert.True(error.Column >= 1);
    }

    [Fact]
    public void Bad_indentation_is_a_syntax_error_with_its_line()
    {
        var yaml = "name: a\nmodel: vae\n  dataset: mnist\n";

        var error = Assert.Single(SpecParsing.Parse(yaml, "indent.yaml").Errors);

        Assert.Equal(3, error.Line);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_documents_in_one_file_are_refused()
    {
        var error = Assert.Single(SpecParsing.Parse(SpecText.Valid + "---\nname: other\n", "two.yaml").Errors);

        Assert.Equal(11, error.Line);
        Assert.Contains("only one YAML document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Section_of_the_wrong_shape_says_what_keys_are_expected()
    {
        var error = Assert.Single(SpecParsing.Parse(SpecText.With("{max_trials: 4, parallel: 2, epochs: 3}", "5"), "shape.yaml").Errors);

        Assert.Equal((5, 9, "budget"), (error.Line, error.Column, error.Field));
        Assert.Equal("expected a mapping with keys max_trials, parallel, max_failed, epochs, got '5'", error.Message);
    }

    [Fact]
    public void Missing_sections_are_reported_at_the_top_level_mapping()
    {
        var errors = SpecParsing.Parse("name: only-a-name\n", "partial.yaml").Errors;

        Assert.Equal(
            new[] { "budget", "dataset", "model", "objective", "parameters" },
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal((1, 1), (e.Line, e.Column)));
        Assert.All(errors, e => Assert.StartsWith("missing required key", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_dataset_folder_that_does_not_exist_is_reported()
    {
        var error = Assert.Single(SpecParsing.Parse(SpecText.With("dataset: mnist", "dataset: ./no/such/folder"), "d.yaml", Path.GetTempPath()).Errors);

        Assert.Equal((3, 10, "dataset"), (error.Line, error.Column, error.Field));
        Assert.Contains("allowed: mnist, or a path to an existing folder of IDX files", error.Message, StringComparison.Ordinal);
    }
}
