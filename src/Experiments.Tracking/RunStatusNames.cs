namespace Experiments.Tracking;

/// <summary>MLflow's two encodings of <see cref="RunStatus"/>: integers in file store meta.yaml, names in REST.</summary>
internal static class RunStatusNames
{
    public static int ToFileStoreCode(RunStatus status) => status switch
    {
        RunStatus.Running => 1,
        RunStatus.Scheduled => 2,
        RunStatus.Finished => 3,
        RunStatus.Failed => 4,
        RunStatus.Killed => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    public static RunStatus FromFileStoreCode(int code) => code switch
    {
        1 => RunStatus.Running,
        2 => RunStatus.Scheduled,
        3 => RunStatus.Finished,
        4 => RunStatus.Failed,
        5 => RunStatus.Killed,
        _ => throw new FormatException($"Unknown MLflow run status code {code}."),
    };

    public static string ToRestName(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    public static RunStatus FromRestName(string? name) => name switch
    {
        "RUNNING" => RunStatus.Running,
        "SCHEDULED" => RunStatus.Scheduled,
        "FINISHED" => RunStatus.Finished,
        "FAILED" => RunStatus.Failed,
        "KILLED" => RunStatus.Killed,
        _ => throw new FormatException($"Unknown MLflow run status '{name}'."),
    };

    public static bool IsTerminal(RunStatus status) => status is RunStatus.Finished or RunStatus.Failed or RunStatus.Killed;
}
