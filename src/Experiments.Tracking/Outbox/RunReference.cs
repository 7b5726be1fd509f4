namespace Experiments.Tracking.Outbox;

/// <summary>
/// A run queued in the outbox: its experiment (by name) and the run key chosen when it was queued. Works before the
/// run exists in MLflow and in any process; the key is stored on the run as the <c>experiments.run_key</c> tag (and is
/// the run id itself in the file store).
/// </summary>
public readonly record struct RunReference(string ExperimentName, string Key)
{
    public override string ToString() => $"{ExperimentName}/{Key}";
}
