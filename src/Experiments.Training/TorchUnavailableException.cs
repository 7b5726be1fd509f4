namespace Experiments.Training;

/// <summary>
/// libtorch (or LibTorchSharp) could not be loaded. The message is one sentence with the remedy, so
/// it can go straight into a trial's failure reason instead of a stack of P/Invoke errors.
/// </summary>
public sealed class TorchUnavailableException : Exception
{
    public TorchUnavailableException()
        : base("libtorch could not be loaded.")
    {
    }

    public TorchUnavailableException(string message)
        : base(message)
    {
    }

    public TorchUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
