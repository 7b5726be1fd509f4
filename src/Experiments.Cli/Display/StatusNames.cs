namespace Experiments.Cli.Display;

/// <summary>Trial and sweep statuses as shown, spelled as the REST API spells them.</summary>
public static class StatusNames
{
    public const string Pending = "PENDING";

    public const string Running = "RUNNING";

    public const string Completed = "COMPLETED";

    public const string Failed = "FAILED";

    public const string Interrupted = "INTERRUPTED";
}
