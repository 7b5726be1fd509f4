using Experiments.Training.Engine.Scalars;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.WganGp;

/// <summary>
/// The gradient penalty of WGAN-GP (Gulrajani et al. 2017): the mean over the batch of (‖∇x̂ critic(x̂)‖₂ − 1)² at
/// x̂ = ε·real + (1 − ε)·fake, one ε per example. The gradient keeps its graph (create_graph), so a backward pass
/// through the penalty trains the critic's weights.
/// </summary>
internal static class GradientPenalty
{
    /// <param name="critic">One score per example; each score must depend on its own example only (no batch norm).</param>
    /// <param name="real">Real examples [N, ...].</param>
    /// <param name="fake">Generated examples, same shape, detached from the generator.</param>
    /// <param name="mixing">ε in [0, 1], shape [N, 1, ...] so it broadcasts over each example.</param>
    public static Tensor Of(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Tensor mixing)
    {
        var interpolated = mixing.mul(real).Plus(mixing.SubtractedFrom(1).mul(fake)).detach().requires_grad_(true);
        // The sum's gradient with respect to each example is that example's own gradient, since scores are per example.
        var scores = critic(interpolated).sum();
        var gradient = torch.autograd.grad([scores], [interpolated], retain_graph: true, create_graph: true)[0];
        var norms = torch.linalg.vector_norm(gradient.flatten(1), dims: [1]);
        return norms.Minus(1).Squared().mean();
    }
}
