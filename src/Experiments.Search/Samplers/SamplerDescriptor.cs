using Experiments.Contracts.Models;

namespace Experiments.Search;

/// <summary>
/// A search algorithm as specs name it: its options (typed, bounded, with defaults; validated like model
/// hyperparameters), whether it needs every parameter to be discrete, and how to build it.
/// </summary>
public sealed record SamplerDescriptor(
    string Name,
    string Summary,
    IReadOnlyList<HyperparameterDescriptor> Options,
    Func<SamplerSettings, ISampler> Create,
    bool NeedsDiscreteSpace = false) : IAlgorithmDescriptor;
