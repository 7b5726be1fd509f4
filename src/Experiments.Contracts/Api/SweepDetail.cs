using System.Text.Json.Serialization;

namespace Experiments.Contracts.Api;

/// <summary>One sweep in full: what it searches, how it is doing, and where its results are tracked.</summary>
public sealed record SweepDetail
{
    public required Guid SweepId { get; init; }

    public required string Experiment { get; init; }

    /// <summary>RUNNING, COMPLETED, FAILED or INTERRUPTED.</summary>
    public required string Status { get; init; }

    /// <summary>Why it failed or was interrupted; null while running or after completing.</summary>
    public string? Reason { get; init; }

    /// <summary>Set when the sweep stopped because grain state could not be saved: the file and the reason.</summary>
    public string? StorageFailure { get; init; }

    /// <summary>The kind of worker slot every trial needs: any, cpu or gpu (the spec's <c>resources:</c>).</summary>
    public string Resources { get; init; } = "any";

    /// <summary>Set while trials wait for a kind of worker no one has seen lately: what is missing and what was seen.</summary>
    public string? Waiting { get; init; }

    public required string Model { get; init; }

    /// <summary>The data set's built-in name or absolute folder path; empty for a program that takes none.</summary>
    public required string Dataset { get; init; }

    /// <summary>The metric the sweep optimises.</summary>
    public required string ObjectiveMetric { get; init; }

    /// <summary>minimize or maximize.</summary>
    public required string Goal { get; init; }

    public required TrialCounts Trials { get; init; }

    public required int MaxTrials { get; init; }

    /// <summary>Trials trained at once.</summary>
    public required int Parallel { get; init; }

    /// <summary>How many trials may fail before the sweep fails; null: no limit.</summary>
    public int? MaxFailed { get; init; }

    /// <summary>Epochs each trial trains.</summary>
    public required int Epochs { get; init; }

    /// <summary>The search algorithm (random, grid, sobol, tpe, cmaes, gp, ...).</summary>
    public required string Algorithm { get; init; }

    /// <summary>The early-stopping rule; none when trials always train their full budget.</summary>
    public required string Scheduler { get; init; }

    /// <summary>The sweep's seed (the spec's, or the one drawn when it set none).</summary>
    public required long Seed { get; init; }

    public string? BestTrialId { get; init; }

    public int? BestTrialNumber { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? BestObjective { get; init; }

    /// <summary>Key of the sweep's MLflow parent run (its run id in the file store), in the experiment named after the spec.</summary>
    public string? ParentRunKey { get; init; }

    /// <summary>The name the spec was submitted under, shown in its errors and MLflow's source tag.</summary>
    public required string SourceName { get; init; }

    /// <summary>Identifies the spec's content: submitting the same spec again resumes this sweep.</summary>
    public required string Fingerprint { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>For a sweep that is no longer running: when its last trial finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}
