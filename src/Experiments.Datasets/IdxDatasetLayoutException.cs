namespace Experiments.Datasets;

/// <summary>A data set folder that is missing or does not hold IDX files in a layout <see cref="IdxDatasetFolder"/> accepts.</summary>
public sealed class IdxDatasetLayoutException : Exception
{
    public IdxDatasetLayoutException()
    {
    }

    public IdxDatasetLayoutException(string message)
        : base(message)
    {
    }

    public IdxDatasetLayoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
