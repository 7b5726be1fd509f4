using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Bench.BareLoops;

/// <summary>The BCE GAN updates the bare DCGAN, cGAN and InfoGAN loops share (no stabilisers: all off by default).</summary>
internal static class BceGanSteps
{
    /// <summary>One discriminator update: BCE with real logits labelled 1 and generated logits labelled 0.</summary>
    public static void UpdateDiscriminator(optim.Optimizer optimizer, Func<Tensor> realLogits, Func<Tensor> fakeLogits)
    {
        optimizer.zero_grad();
        var real = realLogits();
        var fake = fakeLogits();
        var loss = binary_cross_entropy_with_logits(real, ones_like(real)) + binary_cross_entropy_with_logits(fake, zeros_like(fake));
        loss.backward();
        optimizer.step();
    }

    /// <summary>The generator's non-saturating loss on the discriminator's logits for generated images.</summary>
    public static Tensor GeneratorLoss(Tensor generatedLogits) => binary_cross_entropy_with_logits(generatedLogits, ones_like(generatedLogits));
}
