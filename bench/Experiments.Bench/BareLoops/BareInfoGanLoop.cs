using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Dcgan;
using Experiments.Training.Models.InfoGan;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Bench.BareLoops;

internal sealed class BareInfoGanLoop : IBareLoop
{
    private readonly InfoGanHyperparameters hyperparameters;
    private readonly DcganGenerator generator;
    private readonly InfoGanDiscriminator discriminator;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;

    public BareInfoGanLoop(IReadOnlyDictionary<string, ParameterValue> defaults)
    {
        hyperparameters = InfoGanHyperparameters.From(defaults);
        var gan = hyperparameters.Gan;
        generator = new DcganGenerator(hyperparameters.GeneratorInput, gan.BaseChannels);
        discriminator = new InfoGanDiscriminator(gan.BaseChannels, hyperparameters.Categories + hyperparameters.ContinuousCodes);
        generatorOptimizer = optim.Adam(generator.parameters().Concat(discriminator.RecoveryParameters), lr: gan.GeneratorLearningRate, beta1: gan.Beta1, beta2: gan.Beta2);
        discriminatorOptimizer = optim.Adam(discriminator.DiscriminationParameters, lr: gan.DiscriminatorLearningRate, beta1: gan.Beta1, beta2: gan.Beta2);
    }

    public int BatchSize => hyperparameters.Gan.BatchSize;

    public float Step(Tensor images, Tensor labels)
    {
        var size = images.shape[0];
        var real = (images * 2) - 1;
        for (var k = 0; k < hyperparameters.Gan.DiscriminatorSteps; k++)
        {
            var fake = generator.call(Codes(size).Input).detach();
            BceGanSteps.UpdateDiscriminator(discriminatorOptimizer, () => discriminator.call(real).Logit, () => discriminator.call(fake).Logit);
        }

        generatorOptimizer.zero_grad();
        var codes = Codes(size);
        var (logits, recovered) = discriminator.call(generator.call(codes.Input));
        var categorical = cross_entropy(recovered.narrow(1, 0, hyperparameters.Categories), codes.Category);
        var continuous = mse_loss(recovered.narrow(1, hyperparameters.Categories, hyperparameters.ContinuousCodes), codes.Continuous);
        var generatorLoss = BceGanSteps.GeneratorLoss(logits)
            + (hyperparameters.InfoLambda * (categorical + (hyperparameters.ContinuousLambda * continuous)));
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

    private (Tensor Input, Tensor Category, Tensor Continuous) Codes(long size)
    {
        var category = randint(hyperparameters.Categories, [size]);
        var continuous = (rand(size, hyperparameters.ContinuousCodes) * 2) - 1;
        var input = cat([randn(size, hyperparameters.Gan.LatentDim), one_hot(category, hyperparameters.Categories).to(ScalarType.Float32), continuous], 1);
        return (input, category, continuous);
    }
}
