using Experiments.Contracts.Models;

namespace Experiments.Api.Views;

/// <summary>Which objective values are better, by the sweep's goal; NaN is never better than a number.</summary>
internal static class Objectives
{
    /// <summary>A sort key, smaller is better: NaN and missing values last.</summary>
    public static (bool Missing, double Value) SortKey(double? value, ObjectiveGoal goal) =>
        value is { } v && !double.IsNaN(v)
            ? (false, goal == ObjectiveGoal.Maximize ? -v : v)
            : (true, 0);

    public static double? Best(IEnumerable<double> values, ObjectiveGoal goal)
    {
        var numbers = values.Where(v => !double.IsNaN(v)).ToList();
        return numbers.Count == 0 ? null : goal == ObjectiveGoal.Maximize ? numbers.Max() : numbers.Min();
    }
}
