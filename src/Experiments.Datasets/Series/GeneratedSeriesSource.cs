namespace Experiments.Datasets.Series;

/// <summary>A one-channel series computed from a seed (<see cref="GeneratedSeries"/>): nothing to read, nothing to check.</summary>
public sealed class GeneratedSeriesSource(string name, Func<int, float[]> generate, int dataSeed) : IDataSource
{
    public string Name { get; } = name;

    public DataShape Check() => new SeriesShape(1);

    public SplitDataset Load() => TimeSeries.Split(Name, generate(dataSeed), ["value"]);
}
