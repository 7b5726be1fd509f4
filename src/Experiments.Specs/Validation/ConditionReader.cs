using Experiments.Contracts.Parameters;
using Experiments.Search;

namespace Experiments.Specs;

/// <summary>
/// Reads a parameter's <c>when:</c>, the conditions under which it exists: a mapping of earlier, discrete parameters
/// to the value (or list of values) each must take, e.g. <c>when: {optimizer: sgd}</c> or
/// <c>when: {optimizer: [sgd, rmsprop], layers: 2}</c> (all must hold).
/// </summary>
internal sealed class ConditionReader(SweepSpecValidator validator, string name, string field, IReadOnlyList<ParameterDefinition> declaredBefore)
{
    /// <summary>The conditions, or null after reporting what is wrong.</summary>
    public IReadOnlyList<ParameterCondition>? Read(YamlNode node)
    {
        if (node is not YamlMapping mapping || mapping.Entries.Count == 0)
        {
            validator.Error(node.Line, node.Column, field, $"expected a mapping of earlier parameters to the values {name} exists for, e.g. when: {{optimizer: sgd}}, got {node.Describe()}");
            return null;
        }

        var conditions = new List<ParameterCondition>();
        var failed = false;
        foreach (var entry in mapping.Entries)
        {
            var condition = ReadOne(entry.Key, entry.Value);
            failed |= condition is null;
            if (condition is not null)
            {
                if (conditions.Any(c => c.Parent == condition.Parent))
                {
                    validator.Error(entry.Key.Line, entry.Key.Column, $"{field}.{condition.Parent}", $"duplicate key '{condition.Parent}'");
                    failed = true;
                    continue;
                }

                conditions.Add(condition);
            }
        }

        return failed ? null : conditions;
    }

    private ParameterCondition? ReadOne(YamlScalar key, YamlNode valueNode)
    {
        var parentName = key.Value;
        var parentField = $"{field}.{parentName}";
        var parent = declaredBefore.FirstOrDefault(p => p.Name == parentName);
        if (parent is null)
        {
            var earlier = declaredBefore.Select(p => p.Name).ToList();
            var message = parentName == name
                ? $"{name} cannot depend on itself"
                : earlier.Count == 0
                    ? $"'{parentName}' is not a parameter declared before {name}; a condition depends on a parameter listed above it"
                    : $"{NameSuggester.Unknown("parameter", parentName, earlier, "declared before it")} (a condition depends on a parameter listed above it)";
            validator.Error(key.Line, key.Column, parentField, message);
            return null;
        }

        if (!parent.Distribution.IsDiscrete)
        {
            validator.Error(key.Line, key.Column, parentField,
                $"{parentName} is continuous ({parent.Distribution.Describe()}); a condition needs a parameter with a list of values: choice, int, fixed, or give it a step");
            return null;
        }

        var nodes = valueNode is YamlSequence sequence ? sequence.Items : [valueNode];
        if (nodes.Count == 0)
        {
            validator.Error(valueNode.Line, valueNode.Column, parentField, $"expected at least one value of {parentName}");
            return null;
        }

        var values = new List<ParameterValue>();
        foreach (var item in nodes)
        {
            var value = validator.ReadValue(item, parentField, Kind(parent.Distribution));
            if (value is null)
            {
                return null;
            }

            if (!parent.Distribution.Contains(value))
            {
                var known = parent.Distribution.GridSize <= 20 ? $"; its values: {string.Join(", ", parent.Distribution.GridValues())}" : $"; it is {parent.Distribution.Describe()}";
                validator.Error(item.Line, item.Column, parentField, $"{parentName} never takes {value}{known}");
                return null;
            }

            values.Add(value);
        }

        return new ParameterCondition(parentName, values);
    }

    /// <summary>Literals read as the parent's kind of value: <c>2</c> is the float 2.0 for a float parent.</summary>
    private static ParameterKind? Kind(Distribution distribution) => distribution switch
    {
        IntDistribution => ParameterKind.Int,
        UniformDistribution or LogUniformDistribution => ParameterKind.Float,
        ChoiceDistribution { Values: [var first, ..] } choice when choice.Values.All(v => v.Kind == first.Kind) => first.Kind,
        FixedDistribution f => f.Value.Kind,
        _ => null,
    };
}
