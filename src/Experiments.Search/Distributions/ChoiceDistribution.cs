using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>One of a fixed list of values (numbers, text or booleans), each equally likely.</summary>
public sealed record ChoiceDistribution(IReadOnlyList<ParameterValue> Values) : Distribution
{
    public IReadOnlyList<ParameterValue> Values { get; init; } = Guard(Values);

    public override long? GridSize => Values.Count;

    public override ParameterValue Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Values[random.Next(Values.Count)];
    }

    public override bool Contains(ParameterValue value) => Values.Contains(value);

    public override string Describe() => $"choice [{string.Join(", ", Values)}]";

    // Records compare lists by reference; two choices over the same values are the same distribution.
    public bool Equals(ChoiceDistribution? other) =>
        other is not null && Values.SequenceEqual(other.Values);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var value in Values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    protected override ParameterValue GridValueAtCore(long index) => Values[(int)index];

    private static IReadOnlyList<ParameterValue> Guard(IReadOnlyList<ParameterValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("A choice needs at least one value.", nameof(values));
        }

        if (values.Any(v => v is null))
        {
            throw new ArgumentException("Choice values may not be null.", nameof(values));
        }

        // Duplicates would make grid search run the same point twice and bias random search.
        var duplicate = values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Choice values must be distinct; '{duplicate.Key}' appears more than once.", nameof(values));
        }

        return values.ToArray();
    }
}
