namespace Experiments.Tracking;

/// <summary>
/// The MLflow file store could not read or write one of its files (disk full, read-only or failing disk, missing
/// permissions). The failed call left no trace in the store, so the same call can be repeated once the folder is
/// usable again: <see cref="TrackingFailure.IsTransient"/> is true for it.
/// </summary>
public sealed class MlflowFileStoreException : IOException
{
    public MlflowFileStoreException()
        : this("Cannot write to the MLflow file store.")
    {
    }

    public MlflowFileStoreException(string message)
        : base(message)
    {
        Path = string.Empty;
        Reason = message;
    }

    public MlflowFileStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
        Reason = message;
    }

    /// <summary>Reports that <paramref name="action"/> (<c>write</c>, <c>read</c>, ...) failed on <paramref name="path"/>.</summary>
    public MlflowFileStoreException(string path, string action, string reason, Exception? innerException)
        : base($"Cannot {action} {path}: {reason}.", innerException)
    {
        Path = path;
        Reason = reason;
        if (innerException is not null)
        {
            HResult = innerException.HResult;
        }
    }

    /// <summary>The file or folder that could not be written or read.</summary>
    public string Path { get; }

    /// <summary>The operating system's reason, for example <c>No space left on device</c>.</summary>
    public string Reason { get; }
}
