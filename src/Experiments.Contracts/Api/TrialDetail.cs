using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Contracts.Api;

/// <summary>One trial of a sweep: its hyperparameters, where it is and what it reported.</summary>
public sealed record TrialDetail
{
    public required string TrialId { get; init; }

    /// <summary>0-based, in the order the sampler proposed the trials.</summary>
    public required int Number { get; init; }

    /// <summary>PENDING, RUNNING, COMPLETED, FAILED, KILLED or PRUNED.</summary>
    public required string Status { get; init; }

    /// <summary>Hyperparameter values by name, in the spec's order: numbers, booleans or text.</summary>
    public required IReadOnlyDictionary<string, JsonElement> Parameters { get; init; }

    /// <summary>The current attempt (a trial that was interrupted runs again as attempt 2, 3, ...).</summary>
    public required int Attempt { get; init; }

    /// <summary>The last epoch the current attempt reported.</summary>
    public required int Epoch { get; init; }

    /// <summary>The epochs each trial trains.</summary>
    public required int Epochs { get; init; }

    /// <summary>The objective metric's latest value (of the last epoch once completed).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? Objective { get; init; }

    /// <summary>The best objective value of any epoch so far, by the sweep's goal.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? BestObjective { get; init; }

    /// <summary>Every metric of the latest report; a diverged one may be "NaN" or "Infinity" (a string).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>Why it failed, was killed or was pruned.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Key of the current attempt's MLflow run.</summary>
    public string? RunKey { get; init; }

    public string? WorkerHost { get; init; }

    /// <summary>The curriculum stage of the latest epoch; null without a curriculum.</summary>
    public string? Stage { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the current attempt was decided and dispatched to the workers' queue.</summary>
    public DateTimeOffset? DispatchedAt { get; init; }

    /// <summary>When a worker began the current attempt, by the worker's clock: minus <see cref="DispatchedAt"/>, the dispatch latency.</summary>
    public DateTimeOffset? AttemptStartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }
}
