using Experiments.Training.Engine.Scalars;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// The discriminator targets GAN families share: one-sided label smoothing (Salimans et al. 2016) and random label
/// flips, drawn from the run's seeded generator. Instance noise, the third stabiliser, is part of what the
/// discriminator is shown (<see cref="DiscriminatorView"/>), because curriculum stages change it.
/// </summary>
internal sealed class Stabilisers(double labelSmoothing, double labelFlip, Generator noise, Device device)
{
    /// <summary>Targets for real (1 minus the smoothing) and generated (0) examples, each flipped with the flip probability.</summary>
    public (Tensor Real, Tensor Fake) Targets(long size)
    {
        var real = ScalarArithmetic.Full([size], 1.0 - labelSmoothing, device);
        var fake = torch.zeros(size, device: device);
        if (labelFlip > 0)
        {
            var flipReal = torch.rand(size, device: device, generator: noise).LessThan(labelFlip);
            var flipFake = torch.rand(size, device: device, generator: noise).LessThan(labelFlip);
            real = torch.where(flipReal, torch.zeros_like(real), real);
            fake = torch.where(flipFake, torch.ones_like(fake), fake);
        }

        return (real, fake);
    }
}
