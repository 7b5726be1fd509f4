using Experiments.Training.Engine.Scalars;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Engine;

/// <summary>
/// Inverted dropout whose masks come from a run's own generator, not libtorch's process-wide one (which nn.Dropout and
/// a multi-layer nn.LSTM use): other trials in the process do not move it, and a checkpoint holds it, so a resumed
/// trial draws the masks an uninterrupted one would.
/// </summary>
internal static class SeededDropout
{
    /// <summary>
    /// <paramref name="values"/> with each element zeroed with probability <paramref name="probability"/> and the rest
    /// scaled by 1 / (1 - probability); unchanged without a generator (evaluation) or at probability 0.
    /// </summary>
    public static Tensor Apply(Tensor values, double probability, Generator? noise)
    {
        if (noise is null || probability <= 0)
        {
            return values;
        }

        var keep = 1 - probability;
        using var draws = torch.rand(values.shape, dtype: values.dtype, device: values.device, generator: noise);
        using var kept = draws.LessThan(keep);
        using var masked = values.mul(kept);
        return masked.DividedBy(keep);
    }
}
