using static TorchSharp.torch;

namespace Experiments.Training.Models.Vae;

/// <summary>One forward pass: pixel logits of the reconstruction and the parameters of q(z|x).</summary>
internal sealed record VaeOutput(Tensor Logits, Tensor Mean, Tensor LogVariance);
