namespace Experiments.Contracts.Api;

/// <summary>
/// What submitting a spec did: started a new sweep, resumed an interrupted one of the same spec, or found the
/// latest one already running or finished (nothing started).
/// </summary>
/// <param name="SweepId">The sweep; <c>GET /api/sweeps/{id}</c> shows it.</param>
/// <param name="Experiment">The spec's name: the experiment (and MLflow experiment) the sweep belongs to.</param>
/// <param name="Created">A new sweep was started.</param>
/// <param name="Resumed">An interrupted sweep of the same spec was resumed.</param>
/// <param name="AlreadyRunning">The latest sweep of the same spec is still running; it was left as it is.</param>
/// <param name="AlreadyFinished">The latest sweep of the same spec already completed or failed; nothing was started.</param>
/// <param name="Status">The sweep's status now: RUNNING, COMPLETED, FAILED or INTERRUPTED.</param>
/// <param name="Message">One sentence saying the above, and what to do next where that helps.</param>
public sealed record SweepSubmission(
    Guid SweepId,
    string Experiment,
    bool Created,
    bool Resumed,
    bool AlreadyRunning,
    bool AlreadyFinished,
    string Status,
    string Message);
