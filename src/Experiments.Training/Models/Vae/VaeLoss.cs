using Experiments.Training.Engine.Scalars;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.Vae;

/// <summary>
/// The negative ELBO terms, per image in nats: reconstruction = Bernoulli NLL (BCE with logits summed over
/// pixels) and KL(q(z|x) || N(0, I)) in closed form. Both are returned as batch sums so callers can
/// average over batches of unequal size exactly.
/// </summary>
internal static class VaeLoss
{
    public static (Tensor ReconstructionSum, Tensor KlSum) BatchSums(VaeOutput output, Tensor images)
    {
        var reconstruction = binary_cross_entropy_with_logits(output.Logits, images, reduction: nn.Reduction.Sum);
        // KL = -1/2 * sum(1 + logvar - mu^2 - exp(logvar)), summed over latent dims and batch.
        var kl = output.LogVariance.Plus(1).Minus(output.Mean.Squared()).Minus(output.LogVariance.exp()).sum().Times(-0.5);
        return (reconstruction, kl);
    }

    /// <summary>The same terms per image, [N] each: what anomaly scores are made of.</summary>
    public static (Tensor Reconstruction, Tensor Kl) PerImage(VaeOutput output, Tensor images)
    {
        var reconstruction = binary_cross_entropy_with_logits(output.Logits, images, reduction: nn.Reduction.None).flatten(1).sum(1);
        var kl = output.LogVariance.Plus(1).Minus(output.Mean.Squared()).Minus(output.LogVariance.exp()).sum(1).Times(-0.5);
        return (reconstruction, kl);
    }
}
