using Experiments.Training.Engine.Scalars;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.Autoencoder;

/// <summary>
/// The autoencoder's terms, per image: reconstruction = Bernoulli negative log-likelihood of the clean image (BCE
/// with logits summed over pixels, in nats) and the code's L1 norm (what the sparsity penalty weights).
/// </summary>
internal static class AutoencoderLoss
{
    /// <summary>Bernoulli NLL of each image, [N].</summary>
    public static Tensor ReconstructionPerImage(Tensor logits, Tensor images) =>
        binary_cross_entropy_with_logits(logits, images, reduction: nn.Reduction.None).flatten(1).sum(1);

    /// <summary>Squared error summed over each image's pixels, of the reconstruction's probabilities, [N].</summary>
    public static Tensor SquaredErrorPerImage(Tensor logits, Tensor images) =>
        logits.sigmoid().Minus(images).Squared().flatten(1).sum(1);

    /// <summary>
    /// The training loss of a batch, per image: reconstruction + sparsity · L1 norm of the code. The code's L1 norm is
    /// computed only when the loss needs it or <paramref name="reportCodeL1"/> asks for it (null otherwise): most
    /// steps of a plain autoencoder need neither.
    /// </summary>
    public static (Tensor Loss, Tensor Reconstruction, Tensor? CodeL1) Training(Tensor logits, Tensor code, Tensor images, double sparsity, bool reportCodeL1)
    {
        var batchSize = images.shape[0];
        var reconstruction = binary_cross_entropy_with_logits(logits, images, reduction: nn.Reduction.Sum).DividedBy(batchSize);
        var codeL1 = sparsity > 0 || reportCodeL1 ? code.abs().sum().DividedBy(batchSize) : null;
        // Without a penalty the loss is the reconstruction itself: no extra term in the graph.
        var loss = sparsity > 0 ? reconstruction.Plus(codeL1!.Times(sparsity)) : reconstruction;
        return (loss, reconstruction, codeL1);
    }
}
