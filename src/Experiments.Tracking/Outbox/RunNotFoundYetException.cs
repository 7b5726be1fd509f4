namespace Experiments.Tracking.Outbox;

/// <summary>
/// A queued item names a run that is not in MLflow. Transient while <see cref="GivenUp"/> is false (another
/// process may still deliver its creation); for good once the wait is over.
/// </summary>
public sealed class RunNotFoundYetException : Exception
{
    public RunNotFoundYetException()
        : this("The run is not in MLflow yet.")
    {
    }

    public RunNotFoundYetException(string message)
        : base(message)
    {
    }

    public RunNotFoundYetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal RunNotFoundYetException(RunReference run, bool givenUp)
        : base(givenUp
            ? $"run {run.Key} of experiment '{run.ExperimentName}' never appeared in MLflow"
            : $"run {run.Key} of experiment '{run.ExperimentName}' is not in MLflow yet")
    {
        GivenUp = givenUp;
    }

    public bool GivenUp { get; }
}
