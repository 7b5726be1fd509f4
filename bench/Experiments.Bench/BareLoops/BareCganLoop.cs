using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Cgan;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Bench.BareLoops;

internal sealed class BareCganLoop : IBareLoop
{
    private const int Classes = 10;
    private readonly CganHyperparameters hyperparameters;
    private readonly CganGenerator generator;
    private readonly CganDiscriminator discriminator;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;

    public BareCganLoop(IReadOnlyDictionary<string, ParameterValue> defaults)
    {
        hyperparameters = CganHyperparameters.From(defaults);
        var gan = hyperparameters.Gan;
        generator = new CganGenerator(Classes, hyperparameters.EmbeddingDim, gan.LatentDim, gan.BaseChannels);
        discriminator = new CganDiscriminator(Classes, gan.BaseChannels);
        generatorOptimizer = optim.Adam(generator.parameters(), lr: gan.GeneratorLearningRate, beta1: gan.Beta1, beta2: gan.Beta2);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), lr: gan.DiscriminatorLearningRate, beta1: gan.Beta1, beta2: gan.Beta2);
    }

    public int BatchSize => hyperparameters.Gan.BatchSize;

    public float Step(Tensor images, Tensor labels)
    {
        var gan = hyperparameters.Gan;
        var size = images.shape[0];
        var real = (images * 2) - 1;
        for (var k = 0; k < gan.DiscriminatorSteps; k++)
        {
            var fakeLabels = randint(Classes, [size]);
            var fake = generator.call(randn(size, gan.LatentDim), fakeLabels).detach();
            BceGanSteps.UpdateDiscriminator(discriminatorOptimizer, () => discriminator.call(real, labels), () => discriminator.call(fake, fakeLabels));
        }

        generatorOptimizer.zero_grad();
        var generatedLabels = randint(Classes, [size]);
        var generatorLoss = BceGanSteps.GeneratorLoss(discriminator.call(generator.call(randn(size, gan.LatentDim), generatedLabels), generatedLabels));
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
