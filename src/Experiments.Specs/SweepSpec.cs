using Experiments.Contracts.Programs;
using Experiments.Contracts.Trials;
using Experiments.Search;

namespace Experiments.Specs;

/// <summary>
/// A validated sweep: what to train, on what, what to optimise, how much to spend and which
/// hyperparameters to search. <see cref="Fingerprint"/> identifies its meaning (not its formatting)
/// so that submitting the same spec again can be recognised.
/// </summary>
public sealed record SweepSpec
{
    /// <summary>The sweep name; also the MLflow experiment name.</summary>
    public required string Name { get; init; }

    /// <summary>A model family from the model catalog.</summary>
    public required string Model { get; init; }

    /// <summary>A data set name the model lists, or an absolute path to a folder of IDX files.</summary>
    public required string Dataset { get; init; }

    public required ObjectiveSpec Objective { get; init; }

    public required BudgetSpec Budget { get; init; }

    public required SearchSpec Search { get; init; }

    public required SearchSpace Parameters { get; init; }

    /// <summary>Early stopping (<c>scheduler:</c>); none by default. Part of <see cref="Fingerprint"/> when set, as it changes results.</summary>
    public SchedulerSpec Scheduler { get; init; } = SchedulerSpec.None;

    /// <summary>How trials checkpoint (<c>checkpoints:</c>); not part of <see cref="Fingerprint"/>, as it does not change results.</summary>
    public CheckpointPolicy Checkpoints { get; init; } = CheckpointPolicy.Default;

    /// <summary>
    /// The curriculum every trial trains through (<c>curriculum:</c>, <c>default</c> already fitted to the epochs); null
    /// for none, the default. Part of <see cref="Fingerprint"/> when present, as it changes results.
    /// </summary>
    public CurriculumPlan? Curriculum { get; init; }

    /// <summary>The user's program (<c>command:</c>) for <c>model: command</c>; null for every other model. Part of <see cref="Fingerprint"/> when set (its grace period aside).</summary>
    public TrialProgram? Program { get; init; }

    /// <summary>The kind of worker slot every trial needs (<c>resources:</c>); not part of <see cref="Fingerprint"/>: where a trial runs does not change what it searches.</summary>
    public ResourceRequirement Resources { get; init; }

    /// <summary>"vae on mnist", or the model alone when it takes no data set (a user's program without one).</summary>
    public string ModelAndData => Dataset.Length == 0 ? Model : $"{Model} on {Dataset}";

    /// <summary>The YAML exactly as submitted, kept for provenance.</summary>
    public required string SourceText { get; init; }

    /// <summary>Where the YAML came from (a file path, or a name given by the caller).</summary>
    public required string SourceName { get; init; }

    /// <summary>Lower-case hex SHA-256 of the canonical form of the parsed spec.</summary>
    public required string Fingerprint { get; init; }
}
