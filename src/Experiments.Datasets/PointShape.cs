using Experiments.Contracts.Models;

namespace Experiments.Datasets;

/// <summary>Points with <see cref="Dimension"/> coordinates each (2 for the Gaussian mixtures).</summary>
public sealed record PointShape(int Dimension) : DataShape
{
    public override DataKind Kind => DataKind.Points;

    public override int Size => Dimension;

    public override long[] Dimensions => [Dimension];

    public override string ToString() => $"{Dimension}-D points";
}
