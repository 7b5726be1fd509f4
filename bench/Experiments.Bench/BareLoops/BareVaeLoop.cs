using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Bench.BareLoops;

internal sealed class BareVaeLoop : IBareLoop
{
    private readonly VaeHyperparameters hyperparameters;
    private readonly ConvolutionalVae model;
    private readonly optim.Optimizer optimizer;
    private readonly Generator noise = new(1);

    public BareVaeLoop(IReadOnlyDictionary<string, ParameterValue> defaults)
    {
        hyperparameters = VaeHyperparameters.From(defaults);
        model = new ConvolutionalVae(hyperparameters.LatentDim, hyperparameters.BaseChannels);
        optimizer = optim.Adam(model.parameters(), lr: hyperparameters.LearningRate, weight_decay: hyperparameters.WeightDecay);
    }

    public int BatchSize => hyperparameters.BatchSize;

    public float Step(Tensor images, Tensor labels)
    {
        optimizer.zero_grad();
        var (reconstruction, kl) = VaeLoss.BatchSums(model.Forward(images, noise), images);
        var loss = (reconstruction + (hyperparameters.Beta * kl)) / images.shape[0];
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    public void Dispose()
    {
        noise.Dispose();
        optimizer.Dispose();
        model.Dispose();
    }
}
