using System.Globalization;
using System.Text.Json;
using Experiments.Contracts.Models;
using Experiments.Contracts.Trials;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Cli.Display;

/// <summary>How trials, parameters and metrics read on screen.</summary>
public static class SweepFormatting
{
    public static string Number(double? value) => value switch
    {
        null => "-",
        { } v when double.IsNaN(v) => "NaN",
        { } v when Math.Abs(v) >= 1e5 || (Math.Abs(v) < 1e-3 && v != 0) => v.ToString("0.###e+0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>The spec's parameters in declaration order, then any other names (from an older definition) by name.</summary>
    public static IReadOnlyList<string> ParameterNames(SweepDefinition definition, IEnumerable<string>? others = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var declared = definition.Parameters.Select(p => p.Name).ToList();
        return [.. declared, .. (others ?? []).Except(declared, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public static string Status(TrialStatus status) => status.ToString().ToUpperInvariant();

    /// <summary>The curriculum stage of the trial's latest epoch, e.g. "medium (2/3)"; "-" before its first epoch.</summary>
    public static string Stage(TrialSummary trial, CurriculumPlan curriculum)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(curriculum);
        return trial.StageName is null
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{trial.StageName} ({trial.Stage + 1}/{curriculum.Stages.Count})");
    }

    /// <summary>Best first: completed trials by objective, then the rest by number.</summary>
    public static IReadOnlyList<TrialView> Ranked(SweepView sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var completed = sweep.Trials.Where(t => t.IsCompleted && t.Objective is not null);
        completed = sweep.Goal == ObjectiveGoal.Maximize
            ? completed.OrderByDescending(t => t.Objective).ThenBy(t => t.Number)
            : completed.OrderBy(t => t.Objective).ThenBy(t => t.Number);
        var rest = sweep.Trials.Where(t => !t.IsCompleted || t.Objective is null).OrderBy(t => t.Number);
        return completed.Concat(rest).ToList();
    }

    public static string Value(Contracts.Parameters.ParameterValue value) =>
        value.Kind == Contracts.Parameters.ParameterKind.Float ? Number(value.Number) : value.ToString();

    /// <summary>
    /// A hyperparameter as the REST API sends it (integers and booleans as such, floats as numbers, text and
    /// non-finite floats as strings), in the same form as <see cref="Value(Contracts.Parameters.ParameterValue)"/>.
    /// A float with a whole value arrives without a fraction, so it shows as an integer would.
    /// </summary>
    public static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => Number(value.GetDouble()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String => value.GetString() ?? string.Empty,
        _ => value.GetRawText(),
    };
}
