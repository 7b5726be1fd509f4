using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Dcgan;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

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
            discriminatorOptimizer.zero_grad();
            var fake = generator.call(randn(size, hyperparameters.LatentDim)).detach();
            var realLogits = discriminator.call(real);
            var fakeLogits = discriminator.call(fake);
            var discriminatorLoss = binary_cross_entropy_with_logits(realLogits, ones_like(realLogits))
                + binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits));
            discriminatorLoss.backward();
            discriminatorOptimizer.step();
        }

        generatorOptimizer.zero_grad();
        var generatedLogits = discriminator.call(generator.call(randn(size, hyperparameters.LatentDim)));
        var generatorLoss = binary_cross_entropy_with_logits(generatedLogits, ones_like(generatedLogits));
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
