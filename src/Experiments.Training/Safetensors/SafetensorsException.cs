namespace Experiments.Training.Safetensors;

/// <summary>
/// A safetensors file cannot be read, or does not fit the module it is loaded into. <see cref="Reason"/> says why in
/// a few words (truncated, bad header, missing or unexpected tensors, shape or dtype); the message names the file.
/// </summary>
public sealed class SafetensorsException : Exception
{
    public SafetensorsException()
        : base("The safetensors file cannot be loaded.")
    {
        FilePath = string.Empty;
        Reason = string.Empty;
    }

    public SafetensorsException(string message)
        : base(message)
    {
        FilePath = string.Empty;
        Reason = message;
    }

    public SafetensorsException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        Reason = message;
    }

    public SafetensorsException(string filePath, string reason, Exception? innerException = null)
        : base($"'{filePath}' cannot be loaded as safetensors weights: {reason}.", innerException)
    {
        FilePath = filePath;
        Reason = reason;
    }

    /// <summary>The file (or the name given to a byte buffer) that could not be loaded.</summary>
    public string FilePath { get; }

    /// <summary>Why, as a clause without the file name, for callers that add their own remedy.</summary>
    public string Reason { get; }
}
