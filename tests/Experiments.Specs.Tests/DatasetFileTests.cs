using System.Text;

namespace Experiments.Specs.Tests;

/// <summary>
/// A data set file (UTF-8 text for the language model) is checked when the spec is parsed, against the kinds of data
/// the model trains on, and stored as a full path; a broken one is reported at the dataset field.
/// </summary>
public sealed class DatasetFileTests : IDisposable
{
    private const string TextChoices = "genesis, or a path to an existing UTF-8 text file";

    private readonly DirectoryInfo workspace = Directory.CreateTempSubdirectory("spec-dataset-file-tests-");

    private string SpecPath => Path.Combine(workspace.FullName, "spec.yaml");

    [Fact]
    public void A_text_file_next_to_the_spec_is_valid_for_the_language_model_and_stored_as_a_full_path()
    {
        File.WriteAllText(Path.Combine(workspace.FullName, "corpus.txt"), new string('a', 600) + new string('b', 600));

        var result = Parse("lstm-lm", "corpus.txt");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(Path.Combine(workspace.FullName, "corpus.txt"), result.Spec!.Dataset);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_reported_at_the_dataset_field_with_its_path()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('x', 1500));
        bytes[7] = 0xC3; // a lead byte with no continuation
        var path = Path.Combine(workspace.FullName, "corpus.txt");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Single(Parse("lstm-lm", "corpus.txt").Errors);

        Assert.Equal($"{SpecPath}:3:10: dataset: text file '{path}' is not UTF-8: an invalid byte sequence at byte 7", error.ToString());
    }

    [Fact]
    public void A_model_that_does_not_train_on_text_refuses_a_text_file_saying_what_it_takes()
    {
        var path = Path.Combine(workspace.FullName, "corpus.txt");
        File.WriteAllText(path, new string('a', 1200));

        var error = Assert.Single(Parse("vae", "corpus.txt").Errors);

        Assert.Equal(
            $"{SpecPath}:3:10: dataset: model vae does not train on 'corpus.txt' (text of 1 distinct characters); allowed: mnist, or a path to an existing folder of IDX files or of CIFAR-10 binary batches",
            error.ToString());
    }

    [Fact]
    public void The_language_model_refuses_a_folder_of_images_and_an_unknown_name_lists_its_choices()
    {
        ShippedMnist.CopyTo(Directory.CreateDirectory(Path.Combine(workspace.FullName, "digits")).FullName);

        var folder = Assert.Single(Parse("lstm-lm", "digits").Errors);
        var unknown = Assert.Single(Parse("lstm-lm", "genesys").Errors);

        Assert.Equal($"model lstm-lm does not train on 'digits' (1x28x28 images); allowed: {TextChoices}", folder.Message);
        Assert.Equal(
            $"unknown data set 'genesys' (did you mean 'genesis'?); allowed: {TextChoices} (no folder at '{Path.Combine(workspace.FullName, "genesys")}')",
            unknown.Message);
    }

    public void Dispose() => workspace.Delete(recursive: true);

    private SpecParseResult Parse(string model, string dataset)
    {
        var (metric, goal, parameter) = model == "vae" ? ("elbo", "maximize", "latent_dim") : ("nats_per_char", "minimize", "hidden_size");
        File.WriteAllText(SpecPath, $"""
            name: files
            model: {model}
            dataset: {dataset}
            objective: {"{"}metric: {metric}, goal: {goal}{"}"}
            budget: {"{"}max_trials: 2, parallel: 1, epochs: 1{"}"}
            search: {"{"}algorithm: random, seed: 7{"}"}
            parameters:
              {parameter}: {"{"}type: int, min: 8, max: 32{"}"}

            """);
        return SpecParsing.ParseFile(SpecPath);
    }
}
