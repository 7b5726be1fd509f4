using Experiments.Contracts.Parameters;

namespace Experiments.Specs.Tests;

/// <summary>
/// <c>curriculum:</c> in a spec: none by default, the model's own stages fitted to the epochs, or stages listed with
/// their epochs and settings; every mistake reported at its node with the field and what is allowed.
/// </summary>
public sealed class CurriculumSpecTests
{
    private const string GanSpec = """
        name: gan-curriculum
        model: dcgan
        dataset: mnist
        objective: {metric: fd_pixels}
        budget: {max_trials: 2, epochs: 6}
        parameters:
          instance_noise: 0.05
        curriculum:
          - {name: coarse, epochs: 2, resolution: 7, instance_noise: 0.2}
          - {name: medium, epochs: 2, resolution: 14, instance_noise: 0}
          - {name: full, resolution: 28}

        """;

    [Fact]
    public void Without_curriculum_or_with_none_there_is_none_and_the_fingerprint_is_the_one_specs_had_before()
    {
        var plain = SpecParsing.Parse(SpecText.Valid, "spec.yaml").Spec!;
        var none = SpecParsing.Parse(SpecText.Valid + "curriculum: none\n", "spec.yaml").Spec!;

        Assert.Null(plain.Curriculum);
        Assert.Null(none.Curriculum);
        Assert.Equal(plain.Fingerprint, none.Fingerprint);
        // The fingerprint SpecText.Valid had before curricula existed (pinned in SpecFingerprintTests too): a resumed sweep still finds its state.
        Assert.Equal("ddc5019e4150c5697b5da3bb94d5e67913ee8ec0069b550057e0b8a0882e67c4", plain.Fingerprint);
    }

    [Fact]
    public void Listed_stages_start_where_the_epochs_before_them_end_and_keep_their_settings_typed()
    {
        var spec = Parse(GanSpec);

        Assert.Equal(
            "coarse (epochs 1-2: instance_noise=0.2, resolution=7); medium (epochs 3-4: instance_noise=0, resolution=14); full (epochs 5-6: resolution=28)",
            spec.Curriculum!.Describe(spec.Budget.Epochs));
        Assert.Equal([1, 3, 5], spec.Curriculum.Stages.Select(s => s.FirstEpoch));
        // instance_noise: 0 is the float 0 (the setting's type), not the integer.
        Assert.Equal(ParameterValue.Float(0), spec.Curriculum.Stages[1].Settings["instance_noise"]);
        Assert.Equal(ParameterValue.Int(7), spec.Curriculum.Stages[0].Settings["resolution"]);
        Assert.Equal([0, 0, 1, 1, 2, 2], Enumerable.Range(1, 6).Select(spec.Curriculum.StageAt));
    }

    [Theory]
    [InlineData(1, "full (epoch 1: resolution=28)")]
    [InlineData(2, "coarse (epoch 1: instance_noise=0.2, resolution=7); full (epoch 2: resolution=28)")]
    [InlineData(3, "coarse (epoch 1: instance_noise=0.2, resolution=7); medium (epoch 2: instance_noise=0.1, resolution=14); full (epoch 3: resolution=28)")]
    [InlineData(10, "coarse (epochs 1-3: instance_noise=0.2, resolution=7); medium (epochs 4-5: instance_noise=0.1, resolution=14); full (epochs 6-10: resolution=28)")]
    public void The_default_curriculum_is_fitted_to_the_epochs_and_always_ends_in_its_last_stage(int epochs, string expected)
    {
        var yaml = GanSpec.Replace("epochs: 6", $"epochs: {epochs}", StringComparison.Ordinal);
        var spec = Parse(yaml[..yaml.IndexOf("curriculum:", StringComparison.Ordinal)] + "curriculum: default\n");

        Assert.Equal(expected, spec.Curriculum!.Describe(epochs));
    }

    [Fact]
    public void The_vae_default_is_a_kl_warm_up_and_any_curriculum_changes_the_fingerprint()
    {
        var plain = SpecParsing.Parse(SpecText.Valid, "spec.yaml").Spec!;
        var warmUp = Parse(SpecText.Valid.Replace("epochs: 3", "epochs: 5", StringComparison.Ordinal) + "curriculum: default\n");
        var noWarmUp = Parse(SpecText.Valid.Replace("epochs: 3", "epochs: 5", StringComparison.Ordinal));

        Assert.Equal("kl_warmup_1 (epoch 1: beta_scale=0.25); kl_warmup_2 (epoch 2: beta_scale=0.75); full (epochs 3-5: beta_scale=1)", warmUp.Curriculum!.Describe(5));
        Assert.NotEqual(noWarmUp.Fingerprint, warmUp.Fingerprint);
        Assert.NotEqual(plain.Fingerprint, warmUp.Fingerprint);
        Assert.NotEqual(Parse(GanSpec).Fingerprint, Parse(GanSpec.Replace("resolution: 14", "resolution: 7", StringComparison.Ordinal)).Fingerprint);
    }

    [Theory]
    [InlineData("resolution: 14", "resolution: 12", "12", "curriculum[1].resolution", "resolution: expected one of 7, 14, 28, got 12")]
    [InlineData("resolution: 14", "resolution: fine", "fine", "curriculum[1].resolution", "resolution: expected an integer in [7, 28], got fine")]
    [InlineData("instance_noise: 0.2", "instance_noise: 3", "3}", "curriculum[0].instance_noise", "instance_noise: expected a number in [0, 2], got 3")]
    [InlineData("resolution: 7", "resolutoin: 7", "resolutoin", "curriculum[0].resolutoin", "unknown key 'resolutoin'; did you mean 'resolution'? allowed: name, epochs, resolution, instance_noise")]
    [InlineData("resolution: 7", "beta_scale: 0.5", "beta_scale", "curriculum[0].beta_scale", "unknown key 'beta_scale'; allowed: name, epochs, resolution, instance_noise")]
    [InlineData("{name: medium, epochs: 2,", "{name: medium,", "{name: medium", "curriculum[1].epochs", "missing required key 'epochs'")]
    [InlineData("{name: full, resolution: 28}", "{name: full, epochs: 2}", "full, epochs: ^2}", "curriculum[2].epochs", "the last stage trains until the end (budget.epochs), so it takes no epochs; remove this key")]
    [InlineData("{name: medium, epochs: 2,", "{name: medium, epochs: 4,", "4,", "curriculum[1].epochs", "the stages up to this one take 6 epochs, but budget.epochs is 6, so the last stage 'full' would never train; allowed: at most 5 epochs before the last stage")]
    [InlineData("{name: coarse, epochs: 2,", "{name: coarse, epochs: 0,", "0,", "curriculum[0].epochs", "0 is out of range; allowed: an integer from 1 to 100000")]
    [InlineData("{name: medium,", "{name: coarse,", "coarse, epochs: 2, resolution: 14", "curriculum[1].name", "duplicate stage name 'coarse' (first used at line 9)")]
    [InlineData("{name: medium,", "{name: 'medium stage',", "'medium stage'", "curriculum[1].name", "invalid stage name 'medium stage'; allowed: 1 to 40 characters")]
    [InlineData("  - {name: full, resolution: 28}\n", "  - name\n", "name\n", "curriculum[2]", "expected a mapping with keys name, epochs, resolution, instance_noise, got 'name'")]
    public void A_bad_stage_is_reported_at_its_node_with_the_field_and_what_is_allowed(string original, string replacement, string at, string field, string message)
    {
        Assert.Contains(original, GanSpec, StringComparison.Ordinal);
        var yaml = GanSpec.Replace(original, replacement, StringComparison.Ordinal);

        var result = SpecParsing.Parse(yaml, "gan.yaml");

        Assert.False(result.IsValid);
        var (line, column) = PositionOf(yaml, at);
        Assert.Contains(result.Errors, e => e.Source == "gan.yaml" && (e.Line, e.Column, e.Field) == (line, column, field) && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("curriculum: sometimes", "sometimes", "unknown value 'sometimes'; allowed: none, default, or a list of stages (- {name: warmup, epochs: 2, resolution: ...} then - {name: full})")]
    [InlineData("curriculum: defualt", "defualt", "unknown value 'defualt'; did you mean 'default'?")]
    [InlineData("curriculum: []", "[]", "a curriculum needs at least one stage; write 'curriculum: none' for none")]
    [InlineData("curriculum: {name: coarse}", "{name", "expected none, default or a list of stages")]
    [InlineData("curriculum:", "curriculum:", "expected none, default or a list of stages")]
    public void A_curriculum_that_is_neither_none_default_nor_a_list_of_stages_is_reported(string replacement, string at, string message)
    {
        var yaml = GanSpec[..GanSpec.IndexOf("curriculum:", StringComparison.Ordinal)] + replacement + "\n";

        var result = SpecParsing.Parse(yaml, "gan.yaml");

        Assert.False(result.IsValid);
        var (line, column) = PositionOf(yaml, at);
        var error = Assert.Single(result.Errors);
        Assert.Equal("curriculum", error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        if (replacement != "curriculum:")
        {
            Assert.Equal((line, column), (error.Line, error.Column));
        }
    }

    private static SweepSpec Parse(string yaml)
    {
        var result = SpecParsing.Parse(yaml, "spec.yaml");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Spec!;
    }

    /// <summary>1-based line and column of the first occurrence of <paramref name="at"/>, or of its '^' when it has one.</summary>
    private static (int Line, int Column) PositionOf(string text, string at)
    {
        var caret = Math.Max(0, at.IndexOf('^', StringComparison.Ordinal));
        var fragment = at.Replace("^", string.Empty, StringComparison.Ordinal);
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{fragment}' is not in the spec");
        index += caret;
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        return (text[..index].Count(c => c == '\n') + 1, index - lineStart + 1);
    }
}
