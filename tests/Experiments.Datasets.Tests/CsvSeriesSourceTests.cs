using Experiments.Datasets.Series;
using Experiments.Testing;

namespace Experiments.Datasets.Tests;

/// <summary>A CSV time series: columns chosen or defaulted, the held-out tail, and bad cells named by line and column.</summary>
public sealed class CsvSeriesSourceTests
{
    [Fact]
    public void By_default_every_column_but_the_first_is_the_series_and_the_last_fifth_is_held_out()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllLines(folder.File("s.csv"), ["\"time\",\"a\",\"b\"", .. Enumerable.Range(0, 100).Select(t => $"{t},{t * 0.5},{-t}")]);

        var data = new CsvSeriesSource("s", folder.File("s.csv"), null).Load();

        Assert.Equal(new SeriesShape(2), data.Shape);
        Assert.Equal(["a", "b"], data.Channels);
        Assert.Equal((80, 20), (data.Train.Count, data.HeldOut.Count));
        Assert.Equal([0f, 0f, 0.5f, -1f], data.Train.Coordinates![..4]);
        Assert.Equal([40f, -80f], data.HeldOut.Coordinates![..2]);
    }

    [Fact]
    public void Named_columns_are_taken_in_the_order_named_and_an_unknown_one_lists_the_columns()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllLines(folder.File("s.csv"), ["time,a,b", .. Enumerable.Range(0, 60).Select(t => $"{t},{t},{2 * t}")]);

        var data = new CsvSeriesSource("s", folder.File("s.csv"), ["b", "time"]).Load();
        var error = Assert.Throws<InvalidDataException>(() => new CsvSeriesSource("s", folder.File("s.csv"), ["c"]).Check());

        Assert.Equal(["b", "time"], data.Channels);
        Assert.Equal([2f, 1f], data.Train.Coordinates![2..4]);
        Assert.Equal($"CSV file '{folder.File("s.csv")}' has no column 'c'; its columns: time, a, b.", error.Message);
    }

    [Theory]
    [InlineData("7,", "a missing value")]
    [InlineData("7,n/a", "'n/a', not a number")]
    public void A_cell_that_is_not_a_number_is_named_by_line_and_column(string row, string what)
    {
        using var folder = new TemporaryFolder();
        File.WriteAllLines(folder.File("s.csv"), ["time,value", .. Enumerable.Range(0, 60).Select(t => t == 5 ? row : $"{t},{t}")]);

        var error = Assert.Throws<InvalidDataException>(() => new CsvSeriesSource("s", folder.File("s.csv"), null).Check());

        Assert.Equal($"CSV file '{folder.File("s.csv")}' line 7, column 'value': {what} (fill or drop the row).", error.Message);
    }

    [Fact]
    public void Too_short_a_series_is_refused()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllLines(folder.File("s.csv"), ["value", "1", "2", "3"]);

        var error = Assert.Throws<InvalidDataException>(() => new CsvSeriesSource("s", folder.File("s.csv"), null).Check());

        Assert.Equal($"CSV file '{folder.File("s.csv")}' holds 3 time steps; at least 50 are needed for a training head and a held-out tail.", error.Message);
    }

    [Fact]
    public void The_shipped_sunspots_are_the_yearly_numbers_from_1700_to_2008()
    {
        var data = DataSources.Open(DataSources.Sunspots, Path.Combine(AppContext.BaseDirectory, "data")).Load();

        Assert.Equal(["SUNACTIVITY"], data.Channels);
        Assert.Equal(309, data.Train.Count + data.HeldOut.Count);
        Assert.Equal(5f, data.Train.Coordinates![0]); // 1700
        Assert.Equal(2.9f, data.HeldOut.Coordinates![^1]); // 2008
    }
}
