using System.Collections.Concurrent;
using Experiments.Contracts.Trials;

namespace Experiments.Grains.Tests;

/// <summary>What the scripted worker does with each dispatched attempt, and what it saw.</summary>
public sealed class WorkerScript
{
    /// <summary>Returns the objective for a trial, or null to fail it.</summary>
    public Func<StartTrial, double?> Objective { get; set; } = _ => 1.0;

    /// <summary>Attempts for which nothing is reported, as if their worker were still training.</summary>
    public Func<StartTrial, bool> Hold { get; set; } = _ => false;

    /// <summary>Attempts whose worker reports that it started and then dies without a word (no heartbeats either).</summary>
    public Func<StartTrial, bool> Vanish { get; set; } = _ => false;

    public int EpochsToReport { get; set; } = 2;

    public ConcurrentQueue<StartTrial> Dispatched { get; } = new();

    public ConcurrentQueue<CancelTrial> Cancelled { get; } = new();

    private int running;
    private int maxRunning;

    public int MaxConcurrent => Volatile.Read(ref maxRunning);

    public void Enter()
    {
        var now = Interlocked.Increment(ref running);
        int seen;
        while (now > (seen = Volatile.Read(ref maxRunning)) && Interlocked.CompareExchange(ref maxRunning, now, seen) != seen)
        {
        }
    }

    public void Leave() => Interlocked.Decrement(ref running);
}
