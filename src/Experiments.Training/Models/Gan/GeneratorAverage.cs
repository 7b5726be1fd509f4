using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// An exponential moving average of the generator's weights (Yazıcı et al. 2019, "The Unusual Effectiveness of
/// Averaging in GAN Training"; ProGAN, StyleGAN and BigGAN sample from one): after every generator step the averaged
/// copy moves <c>1 - decay</c> of the way to the live weights, and its batch-norm statistics are the live ones. The
/// decay warms up as TensorFlow's ExponentialMovingAverage does with a step count (<see cref="GeneratorEma.DecayAt"/>):
/// a plain 0.999 average would remember the untrained initial weights for thousands of steps. GAN training swings
/// from step to step; the average does not, so evaluation and samples use it while training goes on with the live
/// generator. With decay 0 there is no copy: nothing is built, drawn, updated or saved, and
/// <see cref="Sampler"/> is the live generator.
/// </summary>
internal sealed class GeneratorAverage<TGenerator> : IDisposable
    where TGenerator : nn.Module
{
    /// <summary>The averaged generator's name in the run's state: its checkpoints and <c>model.safetensors</c> (<c>generator_ema.*</c>).</summary>
    public const string NetworkName = "generator_ema";

    private readonly TGenerator? averaged;
    private readonly (Tensor Live, Tensor Average)[] parameters = [];
    private readonly (Tensor Live, Tensor Average)[] buffers = [];
    private readonly double decay;
    private readonly Scalar? fullDecay;
    private readonly Scalar? fullStep;
    private long updates;

    /// <param name="live">The generator being trained, already on <paramref name="device"/>.</param>
    /// <param name="build">Builds another generator of the same architecture; its own initialisation is overwritten.</param>
    public GeneratorAverage(double decay, TGenerator live, Func<TGenerator> build, Device device)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(build);
        Sampler = live;
        if (decay <= 0)
        {
            return;
        }

        // Built without touching the global generator, so the seeded networks and every later draw stay as without it.
        averaged = GlobalRandom.Untouched(build);
        averaged.to(device);
        averaged.eval();
        parameters = Pairs(live.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), averaged.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));
        buffers = Pairs(live.named_buffers(), averaged.named_buffers());
        using (torch.no_grad())
        {
            foreach (var (liveTensor, average) in parameters)
            {
                average.requires_grad = false;
                average.copy_(liveTensor);
            }
        }

        CopyBuffers();
        this.decay = decay;
        fullDecay = decay.ToScalar();
        fullStep = (1 - decay).ToScalar();
        Sampler = averaged;
    }

    /// <summary>The generator to evaluate and sample with: the average when there is one, else the live generator.</summary>
    public TGenerator Sampler { get; }

    /// <summary>Adds the averaged generator to <paramref name="state"/> when there is one, so checkpoints and the final weights hold it.</summary>
    public void Register(ModelState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (averaged is not null)
        {
            state.Network(NetworkName, averaged).Counter("generator_ema_updates", () => updates, value => updates = value);
        }
    }

    /// <summary>After a generator step: average = d * average + (1 - d) * live with d = <see cref="GeneratorEma.DecayAt"/>, in place on the device (no sync).</summary>
    public void Update()
    {
        if (fullDecay is null || fullStep is null)
        {
            return;
        }

        var current = GeneratorEma.DecayAt(decay, updates++);
        var warming = current < decay;

        // Past the warm-up the cached scalars serve every step; during it, two small ones per step.
        using var warmDecay = warming ? current.ToScalar() : null;
        using var warmStep = warming ? (1 - current).ToScalar() : null;
        using (torch.no_grad())
        {
            foreach (var (live, average) in parameters)
            {
                average.mul_(warmDecay ?? fullDecay).add_(live, warmStep ?? fullStep);
            }
        }

        CopyBuffers();
    }

    public void Dispose()
    {
        fullDecay?.Dispose();
        fullStep?.Dispose();
        averaged?.Dispose();
    }

    private void CopyBuffers()
    {
        using (torch.no_grad())
        {
            foreach (var (live, average) in buffers)
            {
                average.copy_(live);
            }
        }
    }

    /// <summary>The live and averaged tensors by name; the same architecture gives the same names.</summary>
    private static (Tensor Live, Tensor Average)[] Pairs(IEnumerable<(string Name, Tensor Tensor)> live, IEnumerable<(string Name, Tensor Tensor)> average)
    {
        var byName = average.ToDictionary(entry => entry.Name, entry => entry.Tensor, StringComparer.Ordinal);
        return live.Select(entry => (entry.Tensor, byName.TryGetValue(entry.Name, out var match)
            ? match
            : throw new InvalidOperationException($"The averaged generator has no tensor '{entry.Name}'; it must be built like the live one."))).ToArray();
    }
}
