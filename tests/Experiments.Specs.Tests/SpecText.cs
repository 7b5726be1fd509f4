namespace Experiments.Specs.Tests;

/// <summary>A valid spec whose lines and columns the error tests refer to.</summary>
internal static class SpecText
{
    public const string Valid = """
        name: vae-mnist
        model: vae
        dataset: mnist
        objective: {metric: elbo, goal: maximize}
        budget: {max_trials: 4, parallel: 2, epochs: 3}
        search: {algorithm: random, seed: 7}
        parameters:
          learning_rate: {type: loguniform, min: 1.0e-4, max: 3.0e-3}
          latent_dim: {type: int, min: 4, max: 32, log: true}
          batch_size: {type: choice, values: [64, 128]}

        """;

    /// <summary>The valid spec with one exact fragment replaced (which must be present).</summary>
    public static string With(string original, string replacement)
    {
        Assert.Contains(original, Valid, StringComparison.Ordinal);
        return Valid.Replace(original, replacement, StringComparison.Ordinal);
    }

    /// <summary>Walks up from the test binaries to the folder holding Experiments.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Experiments.sln")) || File.Exists(Path.Combine(directory.FullName, "Experiments.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Experiments.sln above {AppContext.BaseDirectory}.");
    }
}
