using System.Text.Json.Serialization;

namespace Experiments.Contracts.Api;

/// <summary>One sweep in a list: its status, progress and best trial so far.</summary>
public sealed record SweepSummary
{
    public required Guid SweepId { get; init; }

    /// <summary>The experiment (spec name) the sweep belongs to.</summary>
    public required string Experiment { get; init; }

    /// <summary>RUNNING, COMPLETED, FAILED or INTERRUPTED; UNAVAILABLE when its state could not be read (see <see cref="Problem"/>).</summary>
    public required string Status { get; init; }

    /// <summary>Trials so far, by status; null when the state could not be read.</summary>
    public TrialCounts? Trials { get; init; }

    /// <summary>The budget's <c>max_trials</c>.</summary>
    public int? MaxTrials { get; init; }

    public string? BestTrialId { get; init; }

    public int? BestTrialNumber { get; init; }

    /// <summary>The best completed trial's objective value.</summary>
    /// <remarks>"NaN" or "Infinity" (a string) when the value is not a finite number.</remarks>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? BestObjective { get; init; }

    /// <summary>When the sweep was started.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>For a sweep that is no longer running: when its last trial finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why the sweep's state could not be read (e.g. a damaged state file); null normally.</summary>
    public string? Problem { get; init; }

    /// <summary>Set while trials wait for a kind of worker no one has seen lately: what is missing and what was seen.</summary>
    public string? Waiting { get; init; }
}
