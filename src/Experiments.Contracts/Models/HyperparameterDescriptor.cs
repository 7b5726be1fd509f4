using Experiments.Contracts.Parameters;

namespace Experiments.Contracts.Models;

/// <summary>
/// A hyperparameter a model understands: its type, the range it accepts (inclusive), optionally the only values it
/// accepts (<see cref="Allowed"/>, for text or numbers), the value used when a spec does not mention it, and, for one
/// that only some of the model's data sets use, which (<see cref="Datasets"/>; null: all). Specs are validated against
/// these before anything runs. Curriculum settings are described the same way.
/// </summary>
public sealed record HyperparameterDescriptor(
    string Name,
    ParameterKind Kind,
    ParameterValue Default,
    string Description,
    double? Min = null,
    double? Max = null,
    IReadOnlyList<string>? Allowed = null,
    IReadOnlyList<string>? Datasets = null)
{
    /// <summary>Whether a trial on <paramref name="dataset"/> uses it (and so records it, default included).</summary>
    public bool AppliesTo(string dataset) => Datasets is null || Datasets.Contains(dataset, StringComparer.Ordinal);

    /// <summary>Returns null when <paramref name="value"/> is acceptable, else what is allowed.</summary>
    public string? Check(ParameterValue value)
    {
        if (Kind is ParameterKind.Text)
        {
            if (value.Kind != ParameterKind.Text)
            {
                return $"a text value{AllowedSuffix()}";
            }

            return Allowed is { Count: > 0 } && !Allowed.Contains(value.Text!, StringComparer.Ordinal)
                ? $"one of {string.Join(", ", Allowed)}"
                : null;
        }

        if (Kind is ParameterKind.Bool)
        {
            return value.Kind == ParameterKind.Bool ? null : "true or false";
        }

        if (value.Kind is ParameterKind.Text or ParameterKind.Bool)
        {
            return Kind == ParameterKind.Int ? $"an integer{RangeSuffix()}" : $"a number{RangeSuffix()}";
        }

        if (Kind == ParameterKind.Int && value.Number != Math.Round(value.Number))
        {
            return $"an integer{RangeSuffix()}";
        }

        if ((Min is { } min && value.Number < min) || (Max is { } max && value.Number > max))
        {
            return $"{(Kind == ParameterKind.Int ? "an integer" : "a number")}{RangeSuffix()}";
        }

        // A number compares by its canonical text, so 14 and 14.0 both match "14".
        var text = (Kind == ParameterKind.Int ? ParameterValue.Int((long)value.Number) : ParameterValue.Float(value.Number)).ToString();
        return Allowed is { Count: > 0 } && !Allowed.Contains(text, StringComparer.Ordinal) ? $"one of {string.Join(", ", Allowed)}" : null;
    }

    private string RangeSuffix() => (Min, Max) switch
    {
        ({ } min, { } max) => $" in [{min}, {max}]",
        ({ } min, null) => $" >= {min}",
        (null, { } max) => $" <= {max}",
        _ => string.Empty,
    };

    private string AllowedSuffix() => Allowed is { Count: > 0 } ? $" (one of {string.Join(", ", Allowed)})" : string.Empty;
}
