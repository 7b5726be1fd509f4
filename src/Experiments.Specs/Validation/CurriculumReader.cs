using System.Text.RegularExpressions;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;

namespace Experiments.Specs;

/// <summary>
/// Reads <c>curriculum</c>: <c>none</c>, <c>default</c> (the model's own stages fitted to <c>budget.epochs</c>), or a
/// list of stages, each <c>{name: ..., epochs: N, &lt;setting&gt;: value, ...}</c>, the last without <c>epochs</c> (it
/// trains until the end). Settings are checked against the model's curriculum settings (type, bounds, allowed values).
/// </summary>
internal sealed partial class CurriculumReader(SweepSpecValidator validator, ModelDescriptor? model, int? epochs)
{
    public const int MaxStages = 20;

    private const string Field = "curriculum";
    private static readonly string[] Keywords = ["none", "default"];

    /// <summary>True when an error was reported (or the model is unknown, so the stages cannot be judged).</summary>
    public bool Failed { get; private set; }

    /// <summary>The trial's stages; null for none (and when <see cref="Failed"/>).</summary>
    public CurriculumPlan? Read(YamlNode node)
    {
        switch (node)
        {
            case YamlScalar { IsNull: false, Value: "none" }:
                return null;
            case YamlScalar { IsNull: false, Value: "default" }:
                return Defaults(node);
            case YamlSequence sequence:
                return Stages(sequence);
            case YamlScalar { IsNull: false } scalar:
                Fail(node, Field, $"{NameSuggester.Unknown("value", scalar.Value, Keywords)}, or a list of stages ({Example()})");
                return null;
            default:
                Fail(node, Field, $"expected none, default or a list of stages ({Example()}), got {node.Describe()}");
                return null;
        }
    }

    private CurriculumPlan? Defaults(YamlNode node)
    {
        if (model is null || epochs is null)
        {
            // The model's or the budget's own error says what is wrong.
            Failed = true;
            return null;
        }

        var plan = CurriculumPlan.FromDefaults(model.Curriculum, epochs.Value);
        if (plan is null)
        {
            Fail(node, Field, $"model {model.Name} declares no default curriculum; allowed: none, or a list of stages");
        }

        return plan;
    }

    private CurriculumPlan? Stages(YamlSequence sequence)
    {
        if (sequence.Items.Count == 0)
        {
            Fail(sequence, Field, "a curriculum needs at least one stage; write 'curriculum: none' for none");
            return null;
        }

        if (sequence.Items.Count > MaxStages)
        {
            Fail(sequence, Field, $"{sequence.Items.Count} stages is too many; allowed: 1 to {MaxStages}");
            return null;
        }

        if (model is null)
        {
            Failed = true;
            return null;
        }

        var settings = model.Curriculum.Settings;
        var keys = new List<string> { "name", "epochs" };
        keys.AddRange(settings.Select(s => s.Name));
        var stages = new List<CurriculumStage>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstEpoch = 1;
        var lastName = Name(sequence.Items[^1]);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var field = $"{Field}[{i}]";
            var isLast = i == sequence.Items.Count - 1;
            var entries = validator.ReadMapping(sequence.Items[i], field, keys, isLast ? ["name"] : ["name", "epochs"]);
            if (entries is null)
            {
                Failed = true;
                continue;
            }

            var name = entries.TryGetValue("name", out var nameNode) ? ReadName(nameNode, $"{field}.name", names) : null;
            var stageSettings = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
            foreach (var setting in settings)
            {
                if (entries.TryGetValue(setting.Name, out var valueNode) && ReadSetting(valueNode, $"{field}.{setting.Name}", setting) is { } value)
                {
                    stageSettings[setting.Name] = value;
                }
            }

            if (name is not null)
            {
                stages.Add(new CurriculumStage(name, firstEpoch, stageSettings));
            }

            if (!entries.TryGetValue("epochs", out var epochsNode))
            {
                continue;
            }

            if (isLast)
            {
                Fail(epochsNode, $"{field}.epochs", "the last stage trains until the end (budget.epochs), so it takes no epochs; remove this key");
                continue;
            }

            var length = validator.ReadInteger(epochsNode, $"{field}.epochs", 1, SweepSpecValidator.MaxEpochs);
            if (length is null)
            {
                Failed = true;
                continue;
            }

            firstEpoch += (int)length;
            if (epochs is { } budget && firstEpoch > budget)
            {
                Fail(epochsNode, $"{field}.epochs",
                    $"the stages up to this one take {firstEpoch - 1} epochs, but budget.epochs is {budget}, so the last stage{(lastName is null ? string.Empty : $" '{lastName}'")} would never train; allowed: at most {budget - 1} epochs before the last stage");
                firstEpoch = budget; // report this once, not again for every later stage
            }
        }

        return Failed ? null : new CurriculumPlan(stages);
    }

    private string? ReadName(YamlNode node, string field, Dictionary<string, int> names)
    {
        var name = validator.ReadText(node, field);
        if (name is null)
        {
            Failed = true;
            return null;
        }

        if (!StageNamePattern().IsMatch(name))
        {
            Fail(node, field, $"invalid stage name '{name}'; allowed: 1 to 40 characters from A-Z, a-z, 0-9, '_', '.' and '-'");
            return null;
        }

        if (!names.TryAdd(name, node.Line))
        {
            Fail(node, field, $"duplicate stage name '{name}' (first used at line {names[name]})");
            return null;
        }

        return name;
    }

    private ParameterValue? ReadSetting(YamlNode node, string field, HyperparameterDescriptor setting)
    {
        var value = validator.ReadValue(node, field, setting.Kind);
        if (value is null)
        {
            Failed = true;
            return null;
        }

        if (setting.Check(value) is { } allowed)
        {
            Fail(node, field, $"{setting.Name}: expected {allowed}, got {value}");
            return null;
        }

        return value;
    }

    /// <summary>The stage's name as written, for messages about the stage before it is read.</summary>
    private static string? Name(YamlNode node) =>
        node is YamlMapping mapping && mapping.Entries.FirstOrDefault(e => e.Key.Value == "name")?.Value is YamlScalar { IsNull: false } scalar ? scalar.Value : null;

    private string Example()
    {
        var setting = model?.Curriculum.Settings.FirstOrDefault()?.Name ?? "<setting>";
        return $"- {{name: warmup, epochs: 2, {setting}: ...}} then - {{name: full}}";
    }

    private void Fail(YamlNode node, string field, string message)
    {
        Failed = true;
        validator.Error(node.Line, node.Column, field, message);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex StageNamePattern();
}
