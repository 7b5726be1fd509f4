namespace Experiments.WorkerRuntime;

/// <summary>A <c>command</c> trial reached a worker whose configuration does not allow user programs.</summary>
public sealed class UserProgramsNotAllowedException : Exception
{
    public UserProgramsNotAllowedException()
    {
    }

    public UserProgramsNotAllowedException(string message)
        : base(message)
    {
    }

    public UserProgramsNotAllowedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
