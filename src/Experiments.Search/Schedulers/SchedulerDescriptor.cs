using Experiments.Contracts.Models;

namespace Experiments.Search;

/// <summary>An early-stopping rule as specs name it (<c>scheduler:</c>): its options, validated like hyperparameters, and how to build it.</summary>
public sealed record SchedulerDescriptor(
    string Name,
    string Summary,
    IReadOnlyList<HyperparameterDescriptor> Options,
    Func<SchedulerSettings, IScheduler> Create) : IAlgorithmDescriptor;
