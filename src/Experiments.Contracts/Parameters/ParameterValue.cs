using System.Globalization;

namespace Experiments.Contracts.Parameters;

/// <summary>
/// One sampled hyperparameter value. Numbers (Float, Int, Bool as 0/1) travel in <see cref="Number"/>,
/// categorical text in <see cref="Text"/>, so the wire format is plain JSON with no polymorphism.
/// </summary>
public sealed record ParameterValue(ParameterKind Kind, double Number, string? Text)
{
    public static ParameterValue Float(double value) => new(ParameterKind.Float, value, null);

    public static ParameterValue Int(long value) => new(ParameterKind.Int, value, null);

    public static ParameterValue Bool(bool value) => new(ParameterKind.Bool, value ? 1 : 0, null);

    public static ParameterValue Of(string value) => new(ParameterKind.Text, 0, value);

    public double AsDouble() => Kind == ParameterKind.Text
        ? throw new InvalidOperationException($"'{Text}' is text, not a number.")
        : Number;

    public long AsInt64() => Kind switch
    {
        ParameterKind.Text => throw new InvalidOperationException($"'{Text}' is text, not an integer."),
        _ when Number != Math.Round(Number) => throw new InvalidOperationException($"{Number} is not an integer."),
        _ => (long)Number,
    };

    public bool AsBool() => Kind switch
    {
        ParameterKind.Bool => Number != 0,
        _ => throw new InvalidOperationException($"{this} is not a boolean."),
    };

    public string AsText() => Text ?? ToString();

    /// <summary>The canonical text form, as logged to MLflow params and shown in leaderboards.</summary>
    public override string ToString() => Kind switch
    {
        ParameterKind.Text => Text ?? string.Empty,
        ParameterKind.Bool => Number != 0 ? "true" : "false",
        ParameterKind.Int => ((long)Number).ToString(CultureInfo.InvariantCulture),
        _ => Number.ToString("R", CultureInfo.InvariantCulture),
    };
}
