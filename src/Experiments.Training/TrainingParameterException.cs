namespace Experiments.Training;

/// <summary>
/// A training request cannot run as given: unknown model, unknown hyperparameter, a value of the wrong
/// type or out of range, or an unusable data set. The message names the parameter and what is allowed.
/// </summary>
public sealed class TrainingParameterException : Exception
{
    public TrainingParameterException()
        : base("The training request is invalid.")
    {
    }

    public TrainingParameterException(string message)
        : base(message)
    {
    }

    public TrainingParameterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The offending parameter ("model", "dataset", "epochs", a hyperparameter name, ...), when known.</summary>
    public string? ParameterName { get; init; }
}
