using Experiments.Contracts.Models;
using Experiments.Contracts.Trials;
using Experiments.Search;

namespace Experiments.Grains.Sweeps;

/// <summary>A validated sweep spec, in the form the grains persist and pass around.</summary>
[GenerateSerializer]
[Alias("experiments.sweep-definition")]
public sealed record SweepDefinition
{
    [Id(0)] public required string Name { get; init; }

    [Id(1)] public required string Model { get; init; }

    [Id(2)] public required string Dataset { get; init; }

    [Id(3)] public required string ObjectiveMetric { get; init; }

    [Id(4)] public required ObjectiveGoal Goal { get; init; }

    [Id(5)] public required int MaxTrials { get; init; }

    [Id(6)] public required int Parallel { get; init; }

    [Id(7)] public int? MaxFailed { get; init; }

    [Id(8)] public required int Epochs { get; init; }

    /// <summary>The algorithm of definitions persisted before <see cref="Sampler"/> existed; see <see cref="Algorithm"/>.</summary>
    [Id(9)] public LegacySearchAlgorithm LegacyAlgorithm { get; init; }

    [Id(10)] public long? Seed { get; init; }

    [Id(11)] public required IReadOnlyList<DistributionDefinition> Parameters { get; init; }

    /// <summary>The spec text as submitted, kept for provenance and logged as the parent run's artifact.</summary>
    [Id(12)] public required string SpecText { get; init; }

    [Id(13)] public required string SourceName { get; init; }

    /// <summary>Identifies the spec's content: re-running the same spec resumes the same sweep.</summary>
    [Id(14)] public required string Fingerprint { get; init; }

    /// <summary>How trials checkpoint; definitions persisted before it existed read as the default.</summary>
    [Id(15)] public CheckpointPolicy Checkpoints { get; init; } = CheckpointPolicy.Default;

    /// <summary>The curriculum every trial trains through; null (also for definitions persisted before it existed): none.</summary>
    [Id(16)] public CurriculumPlan? Curriculum { get; init; }

    /// <summary>The search algorithm's registered name; null in definitions persisted before it existed.</summary>
    [Id(17)] public string? Sampler { get; init; }

    /// <summary>The options the spec set for the search algorithm (the rest take their defaults).</summary>
    [Id(18)] public IReadOnlyDictionary<string, Contracts.Parameters.ParameterValue>? SamplerOptions { get; init; }

    /// <summary>The early-stopping rule's registered name; null (also in definitions persisted before it existed): none.</summary>
    [Id(19)] public string? Scheduler { get; init; }

    /// <summary>The options the spec set for the early-stopping rule.</summary>
    [Id(20)] public IReadOnlyDictionary<string, Contracts.Parameters.ParameterValue>? SchedulerOptions { get; init; }

    /// <summary>The user's program every trial runs (<c>model: command</c>); null for the other models.</summary>
    [Id(21)] public Contracts.Programs.TrialProgram? Program { get; init; }

    /// <summary>The kind of worker slot every trial needs (<c>resources:</c>); Any in definitions persisted before it existed.</summary>
    [Id(22)] public Contracts.Trials.ResourceRequirement Resources { get; init; }

    /// <summary>The rule that decides after each epoch whether a trial goes on; null when trials always train their full budget.</summary>
    /// <param name="seed">The sweep's seed: seeds the rule's random choices (PBT's).</param>
    public IScheduler? CreateScheduler(long seed) => Scheduler is null or SchedulerRegistry.DefaultName
        ? null
        : SchedulerRegistry.Create(Scheduler, new SchedulerSettings(Goal, Epochs, SchedulerOptions is null ? AlgorithmOptions.None : new AlgorithmOptions(SchedulerOptions))
        {
            Space = this.ToSearchSpace(),
            Seed = seed,
        });

    /// <summary>The search algorithm, for definitions of every age.</summary>
    public string Algorithm => Sampler ?? (LegacyAlgorithm == LegacySearchAlgorithm.Grid ? "grid" : "random");

    /// <summary>What the sweep's sampler is built from.</summary>
    public SamplerSettings SamplerSettings(long seed) =>
        new(seed, Goal, SamplerOptions is null ? Search.AlgorithmOptions.None : new Search.AlgorithmOptions(SamplerOptions));
}
