namespace Experiments.Datasets.Series;

/// <summary>
/// A time series as sources give it: values row by row (one row of <see cref="Channels"/> values per time step),
/// split into a training head and a held-out tail of <see cref="HeldOutFraction"/> (forecasts are scored on the tail,
/// never on values they trained on).
/// </summary>
public static class TimeSeries
{
    public const double HeldOutFraction = 0.2;

    /// <summary>Fewer time steps than this leave too little to train on and to score.</summary>
    public const int MinimumSteps = 50;

    public static SplitDataset Split(string name, float[] values, IReadOnlyList<string> channels)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(channels);
        var width = channels.Count;
        var steps = values.Length / width;
        var heldOut = (int)Math.Ceiling(steps * HeldOutFraction);
        var train = steps - heldOut;
        return new SplitDataset(
            name,
            new SeriesShape(width),
            DataSplit.OfSeries(values[..(train * width)], train),
            DataSplit.OfSeries(values[(train * width)..], heldOut))
        {
            Channels = channels,
        };
    }
}
