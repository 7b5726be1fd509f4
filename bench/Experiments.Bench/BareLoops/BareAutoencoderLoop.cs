using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Autoencoder;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Bench.BareLoops;

/// <summary>The autoencoder's step at its defaults (no denoising noise, no sparsity penalty): BCE of the reconstruction, Adam.</summary>
internal sealed class BareAutoencoderLoop : IBareLoop
{
    private readonly AutoencoderHyperparameters hyperparameters;
    private readonly ConvolutionalAutoencoder model;
    private readonly optim.Optimizer optimizer;

    public BareAutoencoderLoop(IReadOnlyDictionary<string, ParameterValue> defaults)
    {
        hyperparameters = AutoencoderHyperparameters.From(defaults);
        model = new ConvolutionalAutoencoder(hyperparameters.CodeDim, hyperparameters.BaseChannels);
        optimizer = optim.Adam(model.parameters(), lr: hyperparameters.LearningRate, weight_decay: hyperparameters.WeightDecay);
    }

    public int BatchSize => hyperparameters.BatchSize;

    public float Step(Tensor images, Tensor labels)
    {
        optimizer.zero_grad();
        var loss = binary_cross_entropy_with_logits(model.call(images), images, reduction: nn.Reduction.Sum) / images.shape[0];
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
    }
}
