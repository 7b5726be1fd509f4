using System.Collections.Concurrent;
using Experiments.Contracts.Trials;

namespace Experiments.Api.Tests;

/// <summary>What the scripted workers do: which experiments' trials they hold back, and what they were sent.</summary>
public sealed class TrialScript
{
    private readonly ConcurrentDictionary<string, bool> held = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, bool> diverging = new(StringComparer.Ordinal);

    public ConcurrentQueue<StartTrial> Dispatched { get; } = new();

    public ConcurrentQueue<CancelTrial> Cancelled { get; } = new();

    /// <summary>Trials of <paramref name="experiment"/> dispatched from now on are never reported on, as if every worker were busy.</summary>
    public void Hold(string experiment) => held[experiment] = true;

    public void Release(string experiment) => held.TryRemove(experiment, out _);

    public bool IsHeld(StartTrial command) => held.ContainsKey(command.Tracking.ExperimentName);

    /// <summary>Trials of <paramref name="experiment"/> report NaN, as a diverging model does.</summary>
    public void Diverge(string experiment) => diverging[experiment] = true;

    /// <summary>What a trial reports as its objective: its x1, or NaN when its experiment diverges.</summary>
    public double Objective(StartTrial command) =>
        diverging.ContainsKey(command.Tracking.ExperimentName) ? double.NaN : command.Parameters["x1"].AsDouble();

    public int DispatchedFor(string experiment) => Dispatched.Count(d => d.Tracking.ExperimentName == experiment);
}
