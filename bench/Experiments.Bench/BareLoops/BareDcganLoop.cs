using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Dcgan;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Bench.BareLoops;

internal sealed class BareDcganLoop : IBareLoop
{
    private readonly DcganHyperparameters hyperparameters;
    private readonly DcganGenerator generator;
    private readonly DcganDiscriminator discriminator;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;

    public BareDcganLoop(IReadOnlyDictionary<string, ParameterValue> defaults)
    {
        hyperparameters = DcganHyperparameters.From(defaults);
        generator = new DcganGenerator(hyperparameters.LatentDim, hyperparameters.BaseChannels);
        discriminator = new DcganDiscriminator(hyperparameters.BaseChannels);
        generatorOptimizer = optim.Adam(generator.parameters(), lr: hyperparameters.GeneratorLearningRate, beta1: hyperparameters.Beta1, beta2: hyperparameters.Beta2);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), lr: hyperparameters.DiscriminatorLearningRate, beta1: hyperparameters.Beta1, beta2: hyperparameters.Beta2);
    }

    public int BatchSize => hyperparameters.BatchSize;

    public float Step(Tensor images, Tensor labels)
    {
        var size = images.shape[0];
        var real = (images * 2) - 1;
        for (var k = 0; k < hyperparameters.DiscriminatorSteps; k++)
        {
            var fake = generator.call(randn(size, hyperparameters.LatentDim)).detach();
            BceGanSteps.UpdateDiscriminator(discriminatorOptimizer, () => discriminator.call(real), () => discriminator.call(fake));
        }

        generatorOptimizer.zero_grad();
        var generatorLoss = BceGanSteps.GeneratorLoss(discriminator.call(generator.call(randn(size, hyperparameters.LatentDim))));
        generatorLoss.backward();
        generatorOptimizer.step();
        return generatorLoss.item<float>();
    }

    public void Dispose()
    {
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        generator.Dispose();
        discriminator.Dispose();
    }
}
