using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Search;

namespace Experiments.Specs;

/// <summary>
/// Reads one entry of <c>parameters</c>: a distribution mapping (<c>{type: ..., ...}</c>) or a bare
/// scalar meaning a fixed value, checked against the model's hyperparameter when it is known.
/// </summary>
internal sealed class DistributionReader(
    SweepSpecValidator validator, string name, string field, HyperparameterDescriptor? hyperparameter, SamplerDescriptor sampler)
{
    private const int MaxGridPoints = 1_000_000;

    private static readonly string[] Types = ["uniform", "loguniform", "int", "choice", "fixed"];
    // "when" (the parameter's conditions) is read by the validator, which knows the parameters declared before.
    private static readonly string[] UniformKeys = ["type", "min", "max", "grid_points", "step", "when"];
    private static readonly string[] LogUniformKeys = ["type", "min", "max", "grid_points", "when"];
    private static readonly string[] IntKeys = ["type", "min", "max", "log", "step", "when"];
    private static readonly string[] ChoiceKeys = ["type", "values", "when"];
    private static readonly string[] FixedKeys = ["type", "value", "when"];

    private bool failed;

    public Distribution? Read(YamlNode node)
    {
        switch (node)
        {
            case YamlScalar scalar:
                // A bare scalar is shorthand for {type: fixed, value: ...}.
                return Fixed(scalar, field);
            case YamlSequence:
                Fail(node, field,
                    $"expected a distribution such as {{type: choice, values: [...]}} or a single value, got a list; write {{type: choice, values: [...]}} to search over a list");
                return null;
        }

        var mapping = (YamlMapping)node;
        var typeEntry = mapping.Entries.FirstOrDefault(e => e.Key.Value == "type");
        if (typeEntry is null)
        {
            Fail(node, $"{field}.type", $"missing required key 'type'; allowed types: {string.Join(", ", Types)}");
            return null;
        }

        var type = validator.ReadText(typeEntry.Value, $"{field}.type");
        if (type is null)
        {
            return null;
        }

        if (!Types.Contains(type))
        {
            Fail(typeEntry.Value, $"{field}.type", NameSuggester.Unknown("distribution type", type, Types));
            return null;
        }

        if (!KindAccepts(type, typeEntry.Value))
        {
            return null;
        }

        var distribution = type switch
        {
            "uniform" or "loguniform" => Continuous(mapping, type == "loguniform"),
            "int" => Integer(mapping),
            "choice" => Choice(mapping),
            _ => FixedFromMapping(mapping),
        };
        if (distribution is null || failed)
        {
            return null;
        }

        if (sampler.NeedsDiscreteSpace && !distribution.IsDiscrete)
        {
            Fail(node, field,
                $"{sampler.Name} search needs a discrete distribution, but {distribution.Describe()} is continuous; add grid_points (e.g. grid_points: 5), or use int, choice or fixed");
            return null;
        }

        return distribution;
    }

    private Distribution? Continuous(YamlMapping mapping, bool log)
    {
        var entries = Mapping(mapping, log ? LogUniformKeys : UniformKeys, ["min", "max"]);
        if (entries is null)
        {
            return null;
        }

        var min = entries.TryGetValue("min", out var minNode) ? Track(validator.ReadNumber(minNode, $"{field}.min")) : null;
        var max = entries.TryGetValue("max", out var maxNode) ? Track(validator.ReadNumber(maxNode, $"{field}.max")) : null;
        // Each bound is checked on its own so that both are reported even if the other is unreadable.
        CheckAgainstModel(min is { } minValue ? ParameterValue.Float(minValue) : null, minNode, $"{field}.min");
        CheckAgainstModel(max is { } maxValue ? ParameterValue.Float(maxValue) : null, maxNode, $"{field}.max");
        int? gridPoints = null;
        if (entries.TryGetValue("grid_points", out var pointsNode))
        {
            gridPoints = (int?)Track(validator.ReadInteger(pointsNode, $"{field}.grid_points", 2, MaxGridPoints));
        }

        double? step = null;
        if (entries.TryGetValue("step", out var stepNode))
        {
            step = Track(validator.ReadNumber(stepNode, $"{field}.step"));
            if (step is <= 0)
            {
                Fail(stepNode, $"{field}.step", $"step must be > 0, got {Format(step.Value)}");
            }
            else if (step is not null && gridPoints is not null)
            {
                Fail(stepNode, $"{field}.step", "step and grid_points cannot be combined: a step already sets the grid");
            }
            else if (step is { } s && min is { } from && max is { } to && from < to)
            {
                var intervals = (to - from) / s;
                if (Math.Abs(intervals - Math.Round(intervals)) > 1e-9 * Math.Max(1, intervals) || intervals > 1e9)
                {
                    Fail(stepNode, $"{field}.step", $"max - min ({Format(to - from)}) must be a whole number of steps of {Format(s)} (at most 1e9)");
                }
            }
        }

        if (min is not { } low || max is not { } high)
        {
            return null;
        }

        if (log && low <= 0)
        {
            Fail(minNode!, $"{field}.min", $"loguniform needs min > 0, got {Format(low)}; use uniform for ranges that include 0");
        }

        if (low >= high)
        {
            Fail(minNode!, $"{field}.min", $"min ({Format(low)}) must be less than max ({Format(high)})");
        }

        return failed ? null : Build<Distribution>(mapping, () => log
            ? new LogUniformDistribution(low, high, gridPoints)
            : new UniformDistribution(low, high, gridPoints, step));
    }

    private IntDistribution? Integer(YamlMapping mapping)
    {
        var entries = Mapping(mapping, IntKeys, ["min", "max"]);
        if (entries is null)
        {
            return null;
        }

        // Bounds stay within 2^53 so that every integer is exactly representable in a ParameterValue.
        const long Limit = 1L << 53;
        var min = entries.TryGetValue("min", out var minNode) ? Track(validator.ReadInteger(minNode, $"{field}.min", -Limit, Limit)) : null;
        var max = entries.TryGetValue("max", out var maxNode) ? Track(validator.ReadInteger(maxNode, $"{field}.max", -Limit, Limit)) : null;
        CheckAgainstModel(min is { } minValue ? ParameterValue.Int(minValue) : null, minNode, $"{field}.min");
        CheckAgainstModel(max is { } maxValue ? ParameterValue.Int(maxValue) : null, maxNode, $"{field}.max");
        var log = entries.TryGetValue("log", out var logNode) ? validator.ReadBool(logNode, $"{field}.log") : false;
        failed |= log is null;
        var step = entries.TryGetValue("step", out var stepNode) ? Track(validator.ReadInteger(stepNode, $"{field}.step", 1, Limit)) : 1;

        if (min is not { } low || max is not { } high || log is not { } isLog || step is not { } stride)
        {
            return null;
        }

        if (low >= high)
        {
            Fail(minNode!, $"{field}.min", $"min ({low}) must be less than max ({high}); use fixed for a single value");
        }

        if (isLog && low < 1)
        {
            Fail(minNode!, $"{field}.min", $"int with log: true needs min >= 1, got {low}");
        }

        if (isLog && stride != 1)
        {
            Fail(stepNode!, $"{field}.step", $"step {stride} cannot be combined with log: true; allowed: step 1 (or omit it)");
        }

        return failed ? null : Build(mapping, () => new IntDistribution(low, high, isLog, stride));
    }

    private ChoiceDistribution? Choice(YamlMapping mapping)
    {
        var entries = Mapping(mapping, ChoiceKeys, ["values"]);
        if (entries is null || !entries.TryGetValue("values", out var valuesNode))
        {
            return null;
        }

        if (valuesNode is not YamlSequence sequence)
        {
            Fail(valuesNode, $"{field}.values", $"expected a list of values such as [64, 128], got {valuesNode.Describe()}");
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            Fail(valuesNode, $"{field}.values", "choice needs at least one value, e.g. values: [64, 128]");
            return null;
        }

        var values = new List<ParameterValue>();
        var firstIndex = new Dictionary<ParameterValue, int>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemField = $"{field}.values[{i}]";
            var value = Value(sequence.Items[i], itemField);
            if (value is null)
            {
                continue;
            }

            if (firstIndex.TryGetValue(value, out var first))
            {
                Fail(sequence.Items[i], itemField, $"duplicate value {value} (also values[{first}]); each choice must be distinct");
                continue;
            }

            firstIndex[value] = i;
            values.Add(value);
        }

        return failed ? null : Build(mapping, () => new ChoiceDistribution(values));
    }

    private FixedDistribution? FixedFromMapping(YamlMapping mapping)
    {
        var entries = Mapping(mapping, FixedKeys, ["value"]);
        return entries is not null && entries.TryGetValue("value", out var valueNode) ? Fixed(valueNode, $"{field}.value") : null;
    }

    private FixedDistribution? Fixed(YamlNode node, string valueField)
    {
        var value = Value(node, valueField);
        return value is null || failed ? null : new FixedDistribution(value);
    }

    /// <summary>Reads a value converted to the hyperparameter's kind and checks it is allowed.</summary>
    private ParameterValue? Value(YamlNode node, string valueField)
    {
        var value = Track(validator.ReadValue(node, valueField, hyperparameter?.Kind));
        if (value is not null)
        {
            CheckAgainstModel(value, node, valueField);
        }

        return value;
    }

    private void CheckAgainstModel(ParameterValue? value, YamlNode? node, string valueField)
    {
        if (value is not null && node is not null && hyperparameter?.Check(value) is { } allowed)
        {
            Fail(node, valueField, $"{name}: values must be {allowed}, got {value}");
        }
    }

    /// <summary>Refuses distribution types that cannot produce the hyperparameter's kind of value.</summary>
    private bool KindAccepts(string type, YamlNode typeNode)
    {
        if (hyperparameter is null || type is "choice" or "fixed")
        {
            return true;
        }

        var (accepted, kindName, alternatives) = hyperparameter.Kind switch
        {
            ParameterKind.Float => (type is "uniform" or "loguniform", "a float", "uniform, loguniform, choice or fixed"),
            ParameterKind.Int => (type is "int", "an integer", "int, choice or fixed"),
            ParameterKind.Bool => (false, "a boolean", "choice or fixed"),
            _ => (false, "a text", "choice or fixed"),
        };
        if (!accepted)
        {
            Fail(typeNode, $"{field}.type", $"{name} is {kindName} hyperparameter, so type {type} does not fit; allowed types: {alternatives}");
        }

        return accepted;
    }

    private Dictionary<string, YamlNode>? Mapping(YamlMapping mapping, string[] allowed, string[] required)
    {
        var before = validator.Errors.Count;
        var entries = validator.ReadMapping(mapping, field, allowed, required);
        failed |= validator.Errors.Count != before;
        return entries;
    }

    /// <summary>Constructs the distribution; its own guards are a backstop for anything not caught above.</summary>
    private T? Build<T>(YamlNode node, Func<T> create)
        where T : Distribution
    {
        try
        {
            return create();
        }
        catch (ArgumentException error)
        {
            Fail(node, field, error.Message);
            return null;
        }
    }

    private T? Track<T>(T? value)
        where T : struct
    {
        failed |= value is null;
        return value;
    }

    private T? Track<T>(T? value)
        where T : class
    {
        failed |= value is null;
        return value;
    }

    private void Fail(YamlNode node, string errorField, string message)
    {
        failed = true;
        validator.Error(node.Line, node.Column, errorField, message);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
