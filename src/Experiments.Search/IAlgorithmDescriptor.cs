using Experiments.Contracts.Models;

namespace Experiments.Search;

/// <summary>What search algorithms and early-stopping rules share as specs name them: a name and typed options.</summary>
public interface IAlgorithmDescriptor
{
    string Name { get; }

    IReadOnlyList<HyperparameterDescriptor> Options { get; }
}
