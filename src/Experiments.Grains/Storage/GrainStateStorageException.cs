namespace Experiments.Grains.Storage;

/// <summary>
/// A grain state file could not be written (after retries) or read: disk full, read-only, I/O error.
/// The message is one sentence naming the file and the reason, fit to show to people. Derives from
/// <see cref="OrleansException"/> so Orleans passes it to the caller as it is, not wrapped.
/// </summary>
[GenerateSerializer]
[Alias("experiments.grain-state-storage-exception")]
public sealed class GrainStateStorageException : OrleansException
{
    public GrainStateStorageException()
    {
    }

    public GrainStateStorageException(string message)
        : base(message)
    {
    }

    public GrainStateStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private GrainStateStorageException(string message, string path, string reason, Exception innerException)
        : base(message, innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The state file (never the temporary file the write went to).</summary>
    [Id(0)]
    public string Path { get; private set; } = string.Empty;

    /// <summary>Why, as the operating system said it, without the path: e.g. "No space left on device".</summary>
    [Id(1)]
    public string Reason { get; private set; } = string.Empty;

    public static GrainStateStorageException CannotWrite(string path, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var reason = ReasonOf(failure);
        return new GrainStateStorageException($"cannot write grain state to {path}: {reason}", path, reason, failure);
    }

    public static GrainStateStorageException CannotRead(string path, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var reason = ReasonOf(failure);
        return new GrainStateStorageException($"cannot read grain state from {path}: {reason}", path, reason, failure);
    }

    /// <summary>.NET words I/O errors as "No space left on device : '/path/file.tmp'": keep the reason, drop the (temporary) path.</summary>
    private static string ReasonOf(Exception failure)
    {
        if (failure is UnauthorizedAccessException)
        {
            return "permission denied";
        }

        var message = failure.Message;
        var pathStart = message.IndexOf(" : '", StringComparison.Ordinal);
        return pathStart > 0 ? message[..pathStart] : message;
    }
}
