using Experiments.Contracts.Parameters;

namespace Experiments.Specs.Tests;

/// <summary><c>when:</c> makes a parameter exist only for some values of an earlier one; mistakes are reported at their node.</summary>
public sealed class ConditionalParameterSpecTests
{
    private const string Head = """
        name: conditional
        model: command
        command: python3 train.py
        objective: {metric: loss, goal: minimize}
        budget: {max_trials: 4, epochs: 2}
        parameters:
          optimizer: {type: choice, values: [adam, sgd, rmsprop]}
          layers: {type: int, min: 1, max: 4}
          rate: {type: uniform, min: 0, max: 1}

        """;

    [Fact]
    public void A_condition_names_an_earlier_parameter_and_its_values()
    {
        var result = SpecParsing.Parse(Head + """
              momentum: {type: uniform, min: 0, max: 0.99, when: {optimizer: [sgd, rmsprop]}}
              width: {type: int, min: 16, max: 256, log: true, when: {layers: 2, optimizer: adam}}

            """, "spec.yaml", Path.GetTempPath());

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var momentum = result.Spec!.Parameters.Find("momentum")!;
        var width = result.Spec.Parameters.Find("width")!;
        Assert.Equal("optimizer in [sgd, rmsprop]", Assert.Single(momentum.When).ToString());
        Assert.Equal(["layers in [2]", "optimizer in [adam]"], width.When.Select(c => c.ToString()));
        Assert.Equal(ParameterKind.Int, width.When[0].Values[0].Kind);
        Assert.False(result.Spec.Parameters.Find("rate")!.IsConditional);
    }

    [Fact]
    public void Conditions_are_part_of_the_fingerprint()
    {
        string Fingerprint(string extra) => SpecParsing.Parse(Head + extra, "spec.yaml", Path.GetTempPath()).Spec!.Fingerprint;

        var always = Fingerprint("  momentum: {type: uniform, min: 0, max: 0.99}\n");
        var sgdOnly = Fingerprint("  momentum: {type: uniform, min: 0, max: 0.99, when: {optimizer: sgd}}\n");
        var rmspropOnly = Fingerprint("  momentum: {type: uniform, min: 0, max: 0.99, when: {optimizer: rmsprop}}\n");

        Assert.Equal(3, new[] { always, sgdOnly, rmspropOnly }.Distinct().Count());
        Assert.Equal(sgdOnly, Fingerprint("  momentum: {when: {optimizer: [sgd]}, type: uniform, max: 0.99, min: 0}\n"));
    }

    [Theory]
    [InlineData("  momentum: {type: uniform, min: 0, max: 1, when: {optimiser: sgd}}\n", "parameters.momentum.when.optimiser: unknown parameter 'optimiser'; did you mean 'optimizer'? declared before it: optimizer, layers, rate")]
    [InlineData("  momentum: {type: uniform, min: 0, max: 1, when: {later: 1}}\n  later: {type: int, min: 1, max: 2}\n", "parameters.momentum.when.later: unknown parameter 'later'")]
    [InlineData("  momentum: {type: uniform, min: 0, max: 1, when: {optimizer: sdg}}\n", "parameters.momentum.when.optimizer: optimizer never takes sdg; its values: adam, sgd, rmsprop")]
    [InlineData("  momentum: {type: uniform, min: 0, max: 1, when: {layers: 7}}\n", "parameters.momentum.when.layers: layers never takes 7; its values: 1, 2, 3, 4")]
    [InlineData("  momentum: {type: uniform, min: 0, max: 1, when: {rate: 0.5}}\n", "parameters.momentum.when.rate: rate is continuous (uniform [0, 1]); a condition needs a parameter with a list of values")]
    [InlineData("  momentum: {type: uniform, min: 0, max: 1, when: sgd}\n", "parameters.momentum.when: expected a mapping of earlier parameters to the values momentum exists for")]
    [InlineData("  momentum: {type: uniform, min: 0, max: 1, when: {momentum: 1}}\n", "parameters.momentum.when.momentum: momentum cannot depend on itself")]
    public void A_bad_condition_is_reported_at_its_node(string extra, string message)
    {
        var result = SpecParsing.Parse(Head + extra, "spec.yaml", Path.GetTempPath());

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains(message, StringComparison.Ordinal) && e.Line == 10);
    }
}
