namespace Experiments.Datasets;

/// <summary>
/// Where a data set comes from (a built-in name or a folder; see <see cref="DataSources"/>). Nothing here needs
/// libtorch: the spec validator checks a source before anything runs, and the trainer turns what it loads into tensors.
/// </summary>
public interface IDataSource
{
    /// <summary>What the spec calls it: a built-in name or the folder's path.</summary>
    string Name { get; }

    /// <summary>
    /// Reads enough to know the data is whole (headers, lengths) without keeping it, and returns the examples' shape.
    /// Throws <see cref="DatasetLayoutException"/> or <see cref="InvalidDataException"/> naming the file and the problem,
    /// or the I/O error of a file that cannot be read.
    /// </summary>
    DataShape Check();

    /// <summary>Loads both splits, with the same checks and errors as <see cref="Check"/>.</summary>
    SplitDataset Load();
}
