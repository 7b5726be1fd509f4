namespace Experiments.Datasets;

/// <summary>A data set folder that is missing or does not hold its files in a layout a data source accepts (IDX or CIFAR-10).</summary>
public sealed class DatasetLayoutException : Exception
{
    public DatasetLayoutException()
    {
    }

    public DatasetLayoutException(string message)
        : base(message)
    {
    }

    public DatasetLayoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
