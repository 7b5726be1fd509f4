namespace Experiments.Specs.Tests;

/// <summary>
/// An objective metric that a model reports only when a hyperparameter is set (the anomaly AUROC needs
/// <c>anomaly_class</c>) is refused unless every trial of the spec sets it to a value other than its default.
/// </summary>
public sealed class OnlyWithObjectiveSpecTests
{
    [Fact]
    public void An_anomaly_objective_without_anomaly_class_is_refused_at_the_metric_saying_what_to_add()
    {
        var spec = SpecText.With("metric: elbo", "metric: anomaly_auroc");

        var error = Assert.Single(SpecParsing.Parse(spec, "vae.yaml", "/nowhere").Errors);

        Assert.Equal((4, 21, "objective.metric"), (error.Line, error.Column, error.Field));
        Assert.Equal("metric anomaly_auroc is reported only when anomaly_class is set; add anomaly_class (0-9) under parameters", error.Message);
    }

    [Fact]
    public void An_anomaly_objective_whose_anomaly_class_can_stay_at_its_default_is_refused()
    {
        var spec = SpecText.With("metric: elbo", "metric: anomaly_auroc_reconstruction")
            .Replace("batch_size: {type: choice, values: [64, 128]}", "batch_size: {type: choice, values: [64, 128]}\n  anomaly_class: {type: choice, values: [-1, 3]}", StringComparison.Ordinal);

        var error = Assert.Single(SpecParsing.Parse(spec, "vae.yaml", "/nowhere").Errors);

        Assert.Equal((4, 21, "objective.metric"), (error.Line, error.Column, error.Field));
        Assert.Equal(
            "metric anomaly_auroc_reconstruction is reported only when anomaly_class is set, but parameters.anomaly_class can leave it at its default -1; allowed: 0-9",
            error.Message);
    }

    [Theory]
    [InlineData("vae", "anomaly_class: 3")]
    [InlineData("vae", "anomaly_class: {type: choice, values: [1, 7]}")]
    [InlineData("autoencoder", "anomaly_class: {type: int, min: 0, max: 9}")]
    public void An_anomaly_objective_is_valid_when_every_trial_sets_anomaly_class(string model, string anomalyClass)
    {
        var spec = $$"""
            name: {{model}}-anomaly
            model: {{model}}
            dataset: mnist
            objective: {metric: anomaly_auroc}
            budget: {max_trials: 2}
            parameters:
              {{anomalyClass}}

            """;

        var result = SpecParsing.Parse(spec, "anomaly.yaml", "/nowhere");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(("anomaly_auroc", Contracts.Models.ObjectiveGoal.Maximize), (result.Spec!.Objective.Metric, result.Spec.Objective.Goal));
    }
}
