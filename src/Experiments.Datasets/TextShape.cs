using Experiments.Contracts.Models;

namespace Experiments.Datasets;

/// <summary>Text as a stream of characters, each one of <see cref="Characters"/> distinct characters (the vocabulary).</summary>
public sealed record TextShape(int Characters) : DataShape
{
    public override DataKind Kind => DataKind.Text;

    public override int Size => 1;

    public override long[] Dimensions => [];

    public override string ToString() => $"text of {Characters} distinct characters";
}
