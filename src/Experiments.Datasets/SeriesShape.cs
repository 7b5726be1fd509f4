using Experiments.Contracts.Models;

namespace Experiments.Datasets;

/// <summary>A time series: one value per channel at each time step, <see cref="Channels"/> channels.</summary>
public sealed record SeriesShape(int Channels) : DataShape
{
    public override DataKind Kind => DataKind.Series;

    public override int Size => Channels;

    public override long[] Dimensions => [Channels];

    public override string ToString() => Channels == 1 ? "a time series" : $"a time series of {Channels} channels";
}
