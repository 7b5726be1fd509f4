namespace Experiments.Specs;

/// <summary>The parsed spec, or every problem found in it.</summary>
public sealed record SpecParseResult(SweepSpec? Spec, IReadOnlyList<SpecError> Errors)
{
    public bool IsValid => Spec is not null && Errors.Count == 0;
}
