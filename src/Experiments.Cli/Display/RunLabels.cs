using Experiments.Tracking.Outbox;

namespace Experiments.Cli.Display;

/// <summary>
/// How runs appear in tables: by MLflow's run id once the outbox has delivered them (the same as the key in the
/// file store), else by the key they were queued with (the run's <c>experiments.run_key</c> tag).
/// </summary>
public sealed class RunLabels(TrackingOutbox outbox)
{
    /// <summary>Where tracking goes: the server's URL or the file store's folder.</summary>
    public string Target => outbox.Status.Target;

    public string For(string runKey) => outbox.KnownRunId(runKey) ?? runKey;
}
