using Experiments.Contracts.Models;

namespace Experiments.Datasets;

/// <summary>The shape of one example of a data set: an <see cref="ImageShape"/> or a <see cref="PointShape"/>.</summary>
public abstract record DataShape
{
    public abstract DataKind Kind { get; }

    /// <summary>Numbers per example.</summary>
    public abstract int Size { get; }

    /// <summary>The dimensions of one example, as a tensor of a batch has them after the batch dimension.</summary>
    public abstract long[] Dimensions { get; }
}
