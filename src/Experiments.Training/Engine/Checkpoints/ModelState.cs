using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Engine.Checkpoints;

/// <summary>
/// Everything of a run that a checkpoint must hold for an exact resume, by name: the networks (parameters and
/// buffers), the optimisers (moments, step counts), the random generators the run draws noise from, and any
/// counter the run keeps across epochs (e.g. WGAN-GP's critic updates, which decide when the generator steps).
/// A family lists its parts once, in its run's constructor.
/// </summary>
internal sealed class ModelState
{
    private readonly List<KeyValuePair<string, nn.Module>> networks = [];
    private readonly List<KeyValuePair<string, optim.Optimizer>> optimizers = [];
    private readonly List<KeyValuePair<string, Generator>> generators = [];
    private readonly List<(string Name, Func<long> Read, Action<long> Write)> counters = [];

    public IReadOnlyList<KeyValuePair<string, nn.Module>> Networks => networks;

    public IReadOnlyList<KeyValuePair<string, optim.Optimizer>> Optimizers => optimizers;

    public IReadOnlyList<KeyValuePair<string, Generator>> Generators => generators;

    public ModelState Counter(string name, Func<long> read, Action<long> write)
    {
        counters.Add((name, read, write));
        return this;
    }

    /// <summary>The counters' current values, by name.</summary>
    public SortedDictionary<string, long> ReadCounters() =>
        new(counters.ToDictionary(counter => counter.Name, counter => counter.Read(), StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Sets every counter from <paramref name="values"/>; all of them must be there (checked before, by name).</summary>
    public void WriteCounters(IReadOnlyDictionary<string, long> values)
    {
        foreach (var (name, _, write) in counters)
        {
            write(values[name]);
        }
    }

    public ModelState Network(string name, nn.Module network)
    {
        networks.Add(new(name, network));
        return this;
    }

    public ModelState Optimizer(string name, optim.Optimizer optimizer)
    {
        optimizers.Add(new(name, optimizer));
        return this;
    }

    public ModelState RandomGenerator(string name, Generator generator)
    {
        generators.Add(new(name, generator));
        return this;
    }

    /// <summary>Every tensor of every network, as "network/tensor" with its shape: what must match for a checkpoint to fit.</summary>
    public SortedDictionary<string, long[]> Shapes()
    {
        var shapes = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (name, network) in networks)
        {
            foreach (var (tensorName, tensor) in network.state_dict())
            {
                shapes[$"{name}/{tensorName}"] = tensor.shape;
            }
        }

        return shapes;
    }
}
