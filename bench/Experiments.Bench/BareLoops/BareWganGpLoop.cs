using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Dcgan;
using Experiments.Training.Models.WganGp;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Bench.BareLoops;

internal sealed class BareWganGpLoop : IBareLoop
{
    private readonly WganGpHyperparameters hyperparameters;
    private readonly DcganGenerator generator;
    private readonly WganGpCritic critic;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer criticOptimizer;
    private long criticUpdates;

    public BareWganGpLoop(IReadOnlyDictionary<string, ParameterValue> defaults)
    {
        hyperparameters = WganGpHyperparameters.From(defaults);
        generator = new DcganGenerator(hyperparameters.LatentDim, hyperparameters.BaseChannels);
        critic = new WganGpCritic(hyperparameters.BaseChannels, hyperparameters.CriticLayerNorm);
        generatorOptimizer = optim.Adam(generator.parameters(), lr: hyperparameters.GeneratorLearningRate, beta1: hyperparameters.Beta1, beta2: hyperparameters.Beta2);
        criticOptimizer = optim.Adam(critic.parameters(), lr: hyperparameters.CriticLearningRate, beta1: hyperparameters.Beta1, beta2: hyperparameters.Beta2);
    }

    public int BatchSize => hyperparameters.BatchSize;

    /// <summary>One critic update, and a generator update every n_critic-th step (as the product counts steps).</summary>
    public float Step(Tensor images, Tensor labels)
    {
        var size = images.shape[0];
        var real = (images * 2) - 1;
        criticOptimizer.zero_grad();
        var fake = generator.call(randn(size, hyperparameters.LatentDim)).detach();
        var penalty = GradientPenalty.Of(critic.call, real, fake, rand(size, 1, 1, 1));
        var criticLoss = (hyperparameters.PenaltyWeight * penalty) - (critic.call(real).mean() - critic.call(fake).mean());
        criticLoss.backward();
        criticOptimizer.step();

        if (++criticUpdates % hyperparameters.CriticSteps == 0)
        {
            generatorOptimizer.zero_grad();
            var generatorLoss = -critic.call(generator.call(randn(size, hyperparameters.LatentDim))).mean();
            generatorLoss.backward();
            generatorOptimizer.step();
        }

        return criticLoss.item<float>();
    }

    public void Dispose()
    {
        generatorOptimizer.Dispose();
        criticOptimizer.Dispose();
        generator.Dispose();
        critic.Dispose();
    }
}
