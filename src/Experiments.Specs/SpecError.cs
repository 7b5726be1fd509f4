namespace Experiments.Specs;

/// <summary>
/// One problem in a spec: where it is (1-based line and column of the offending node; 0:0 when the
/// file itself could not be read), which field, and what is wrong and what is allowed.
/// </summary>
public sealed record SpecError(string Source, int Line, int Column, string Field, string Message)
{
    public override string ToString() => $"{Source}:{Line}:{Column}: {Field}: {Message}";
}
