namespace Experiments.Specs.Tests;

public sealed class SpecFingerprintTests
{
    private const string Reformatted = """
        # The same sweep, written differently.
        parameters:
          batch_size:
            values:
              - 64
              - 128
            type: choice
          latent_dim: {log: true, max: 32, min: 4, type: int}   # keys in another order
          learning_rate: {type: loguniform, min: 1e-4, max: 0.003}
        search:
          seed: 7
          algorithm: random
        budget:
          epochs: 3
          parallel: 2
          max_trials: 4
        objective: {goal: maximize, metric: elbo}
        dataset: "mnist"
        model: 'vae'
        name: vae-mnist

        """;

    [Fact]
    public void Formatting_comments_and_key_order_do_not_change_the_fingerprint()
    {
        var original = Fingerprint(SpecText.Valid);

        Assert.Equal(original, Fingerprint(Reformatted));
        Assert.Equal(original, Fingerprint(SpecText.Valid.Replace("\n", "\r\n", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_fingerprint_is_a_stable_hex_sha256()
    {
        // Pinned: a change here means re-submitted specs would no longer be recognised.
        Assert.Matches("^[0-9a-f]{64}$", Fingerprint(SpecText.Valid));
        Assert.Equal(PinnedFingerprint, Fingerprint(SpecText.Valid));
    }

    [Theory]
    [InlineData("max_trials: 4", "max_trials: 5")]
    [InlineData("parallel: 2", "parallel: 1")]
    [InlineData("epochs: 3", "epochs: 4")]
    [InlineData("seed: 7", "seed: 8")]
    [InlineData("goal: maximize", "goal: minimize")]
    [InlineData("name: vae-mnist", "name: vae-mnist-2")]
    [InlineData("max: 3.0e-3", "max: 3.1e-3")]
    [InlineData("log: true", "log: false")]
    [InlineData("[64, 128]", "[64, 256]")]
    [InlineData("[64, 128]", "[128, 64]")]
    [InlineData("{algorithm: random, seed: 7}", "{algorithm: random}")]
    public void Changing_a_value_changes_the_fingerprint(string original, string replacement)
    {
        Assert.NotEqual(Fingerprint(SpecText.Valid), Fingerprint(SpecText.With(original, replacement)));
    }

    private const string PinnedFingerprint = "ddc5019e4150c5697b5da3bb94d5e67913ee8ec0069b550057e0b8a0882e67c4";

    private static string Fingerprint(string yaml)
    {
        var result = SpecParsing.Parse(yaml, "fingerprint.yaml");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Spec!.Fingerprint;
    }
}
