using System.Globalization;

namespace Experiments.Datasets.Series;

/// <summary>
/// A time series from a CSV file: a header row of column names, then one row per time step. The series is the
/// <see cref="Columns"/> named (<c>file.csv#a,b</c> in a spec), or by default every column but the first (usually the
/// time), or the only column. Every value must be a number: a missing or garbled one is named by line and column.
/// </summary>
public sealed class CsvSeriesSource(string name, string file, IReadOnlyList<string>? columns) : IDataSource
{
    public string Name { get; } = name;

    public string File { get; } = file;

    public IReadOnlyList<string>? Columns { get; } = columns;

    /// <summary>Splits <c>path.csv#a,b</c> into the file and the columns named after '#' (none: null).</summary>
    public static (string File, IReadOnlyList<string>? Columns) ParseReference(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var hash = reference.LastIndexOf('#');
        if (hash < 0)
        {
            return (reference, null);
        }

        var columns = reference[(hash + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (reference[..hash], columns.Length == 0 ? null : columns);
    }

    public DataShape Check() => new SeriesShape(Read().Channels.Count);

    public SplitDataset Load()
    {
        var (values, channels) = Read();
        return TimeSeries.Split(Name, values, channels);
    }

    private (float[] Values, IReadOnlyList<string> Channels) Read()
    {
        if (!System.IO.File.Exists(File))
        {
            throw new DatasetLayoutException($"CSV file '{File}' does not exist.");
        }

        var lines = System.IO.File.ReadAllLines(File);
        var header = lines.Select((text, index) => (Text: text, Number: index + 1)).FirstOrDefault(line => line.Text.Trim().Length > 0);
        if (header.Text is null)
        {
            throw new InvalidDataException($"CSV file '{File}' is empty: expected a header row of column names, then one row per time step.");
        }

        var names = SplitRow(header.Text);
        var selected = Select(names);
        var values = new List<float>();
        var steps = 0;
        for (var i = header.Number; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var cells = SplitRow(lines[i]);
            if (cells.Length != names.Length)
            {
                throw new InvalidDataException($"CSV file '{File}' line {i + 1} has {cells.Length} values; the header has {names.Length} columns.");
            }

            foreach (var column in selected)
            {
                if (!float.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                {
                    var what = cells[column].Length == 0 ? "a missing value" : $"'{cells[column]}', not a number";
                    throw new InvalidDataException($"CSV file '{File}' line {i + 1}, column '{names[column]}': {what} (fill or drop the row).");
                }

                values.Add(value);
            }

            steps++;
        }

        if (steps < TimeSeries.MinimumSteps)
        {
            throw new InvalidDataException($"CSV file '{File}' holds {steps} time steps; at least {TimeSeries.MinimumSteps} are needed for a training head and a held-out tail.");
        }

        return ([.. values], selected.Select(column => names[column]).ToArray());
    }

    private int[] Select(string[] names)
    {
        if (Columns is null)
        {
            return names.Length == 1 ? [0] : [.. Enumerable.Range(1, names.Length - 1)];
        }

        return Columns.Select(column =>
        {
            var index = Array.IndexOf(names, column);
            return index >= 0 ? index
                : throw new InvalidDataException($"CSV file '{File}' has no column '{column}'; its columns: {string.Join(", ", names)}.");
        }).ToArray();
    }

    // Plain comma-separated cells; quotes around a cell (a quoted header name) are dropped.
    private static string[] SplitRow(string line) => line.Split(',').Select(cell => cell.Trim().Trim('"').Trim()).ToArray();
}
