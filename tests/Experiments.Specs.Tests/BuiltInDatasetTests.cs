using Experiments.Datasets.Tests.Support;

namespace Experiments.Specs.Tests;

/// <summary>
/// <c>dataset:</c> is a built-in name the model trains on (mnist, ring8, grid25) or a folder (IDX files or CIFAR-10
/// batches); the objective must be a metric the model reports on that kind of data.
/// </summary>
public sealed class BuiltInDatasetTests : IDisposable
{
    private const string FolderChoices = "a path to an existing folder of IDX files or of CIFAR-10 binary batches";

    private readonly DirectoryInfo workspace = Directory.CreateTempSubdirectory("spec-builtin-dataset-tests-");

    [Theory]
    [InlineData("dcgan", "ring8")]
    [InlineData("dcgan", "grid25")]
    [InlineData("wgan-gp", "ring8")]
    [InlineData("infogan", "grid25")]
    [InlineData("cgan", "ring8")]
    public void A_gan_on_a_mixture_is_valid_with_a_mode_metric_as_objective(string model, string dataset)
    {
        var result = SpecParsing.Parse(GanSpec(model, dataset, "modes_captured"), "gan.yaml", "/nowhere");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(dataset, result.Spec!.Dataset);
        Assert.Equal(("modes_captured", Contracts.Models.ObjectiveGoal.Maximize), (result.Spec.Objective.Metric, result.Spec.Objective.Goal));
    }

    [Fact]
    public void An_unknown_name_that_is_no_folder_lists_the_data_sets_the_model_trains_on()
    {
        var error = Assert.Single(SpecParsing.Parse(GanSpec("dcgan", "ring9", "modes_captured"), "gan.yaml", workspace.FullName).Errors);

        Assert.Equal((3, 10, "dataset"), (error.Line, error.Column, error.Field));
        Assert.Equal(
            $"unknown data set 'ring9' (did you mean 'ring8'?); allowed: mnist, ring8, grid25, or {FolderChoices} (no folder at '{Path.Combine(workspace.FullName, "ring9")}')",
            error.Message);
    }

    [Fact]
    public void A_mixture_is_refused_for_a_model_that_does_not_train_on_points()
    {
        var spec = SpecText.With("dataset: mnist", "dataset: ring8");

        var error = Assert.Single(SpecParsing.Parse(spec, "vae.yaml", "/nowhere").Errors);

        Assert.Equal((3, 10, "dataset"), (error.Line, error.Column, error.Field));
        Assert.Equal($"model vae does not train on 'ring8' (2-D points); allowed: mnist, or {FolderChoices}", error.Message);
    }

    [Fact]
    public void An_image_metric_is_refused_as_objective_on_a_mixture_listing_the_metrics_there()
    {
        var error = Assert.Single(SpecParsing.Parse(GanSpec("dcgan", "ring8", "fd_pixels"), "gan.yaml", "/nowhere").Errors);

        Assert.Equal((4, 21, "objective.metric"), (error.Line, error.Column, error.Field));
        Assert.Equal(
            "model dcgan reports 'fd_pixels' on images only, not on 'ring8' (2-D points); available: modes_captured, high_quality_fraction, d_real, d_fake, train_loss, train_d_loss",
            error.Message);
    }

    [Fact]
    public void A_mode_metric_is_refused_as_objective_on_images()
    {
        var error = Assert.Single(SpecParsing.Parse(GanSpec("wgan-gp", "mnist", "high_quality_fraction"), "gan.yaml", "/nowhere").Errors);

        Assert.Equal("objective.metric", error.Field);
        Assert.Equal(
            "model wgan-gp reports 'high_quality_fraction' on points only, not on 'mnist' (1x28x28 images); available: fd_pixels, inception_score, fid, wasserstein, train_loss",
            error.Message);
    }

    [Fact]
    public void A_cifar10_folder_is_valid_for_a_gan_with_the_image_metric()
    {
        var folder = Directory.CreateDirectory(Path.Combine(workspace.FullName, "cifar-10-batches-bin")).FullName;
        Cifar10TestFiles.WriteFolder(folder);

        var result = SpecParsing.Parse(GanSpec("dcgan", "cifar-10-batches-bin/", "fd_pixels"), "gan.yaml", workspace.FullName);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(folder, result.Spec!.Dataset.TrimEnd('/'));
    }

    [Fact]
    public void A_cifar10_batch_of_the_wrong_size_is_reported_at_the_dataset_field()
    {
        var folder = Directory.CreateDirectory(Path.Combine(workspace.FullName, "cifar")).FullName;
        Cifar10TestFiles.WriteFolder(folder);
        var batch = Path.Combine(folder, "data_batch_2.bin");
        File.WriteAllBytes(batch, File.ReadAllBytes(batch)[..^1]);

        var error = Assert.Single(SpecParsing.Parse(GanSpec("dcgan", "./cifar", "fd_pixels"), "gan.yaml", workspace.FullName).Errors);

        Assert.Equal((3, 10, "dataset"), (error.Line, error.Column, error.Field));
        Assert.StartsWith($"CIFAR-10 file '{batch}' holds 9218 bytes, not a whole number of 3073-byte records", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => workspace.Delete(recursive: true);

    private static string GanSpec(string model, string dataset, string metric) => $"""
        name: gan-{model}
        model: {model}
        dataset: {dataset}
        objective: {"{"}metric: {metric}{"}"}
        budget: {"{"}max_trials: 2, epochs: 1{"}"}
        parameters:
          latent_dim: 2

        """;
}
