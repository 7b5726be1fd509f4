using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models.Anomaly;

namespace Experiments.Training.Models.Vae;

/// <summary>The convolutional VAE: its catalog entry and how a run of it is built.</summary>
internal sealed class VaeFamily : IModelFamily
{
    /// <summary>The curriculum setting of the KL warm-up: the share of beta the KL term is weighted with while training.</summary>
    public const string BetaScale = "beta_scale";

    public ModelDescriptor Descriptor { get; } = new(
        Name: "vae",
        Description: "Convolutional variational autoencoder for 28x28 grey images (MNIST-like).",
        Datasets: ["mnist"],
        Hyperparameters:
        [
            new("learning_rate", ParameterKind.Float, ParameterValue.Float(1e-3), "Adam learning rate.", Min: 1e-7, Max: 1),
            new("batch_size", ParameterKind.Int, ParameterValue.Int(64), "Training mini-batch size.", Min: 1, Max: 4096),
            new("latent_dim", ParameterKind.Int, ParameterValue.Int(16), "Size of the latent code z.", Min: 1, Max: 512),
            new("beta", ParameterKind.Float, ParameterValue.Float(1.0), "Weight of the KL term (beta-VAE); 1 is the ELBO.", Min: 0, Max: 100),
            new("base_channels", ParameterKind.Int, ParameterValue.Int(32), "Channels of the first convolution; the second has twice as many.", Min: 4, Max: 256),
            new("weight_decay", ParameterKind.Float, ParameterValue.Float(0), "L2 penalty added by the optimiser.", Min: 0, Max: 1),
            AnomalyClass.Hyperparameter,
        ],
        Metrics:
        [
            new("elbo", ObjectiveGoal.Maximize, "Evidence lower bound per image on the held-out split (its normal digits when anomaly_class is set), in nats (higher is better)."),
            new("loss", ObjectiveGoal.Minimize, "Reconstruction + beta * KL per image on the held-out split, in nats."),
            new("reconstruction", ObjectiveGoal.Minimize, "Bernoulli negative log-likelihood per image on the held-out split."),
            new("kl", ObjectiveGoal.Minimize, "KL(q(z|x) || N(0, I)) per image on the held-out split."),
            new("train_loss", ObjectiveGoal.Minimize, "Mean training loss per image over the epoch (with the stage's KL weight during a KL warm-up)."),
            new(AnomalyClass.AurocMetric, ObjectiveGoal.Maximize, "AUROC of the held-out negative ELBO per image, with the digits of anomaly_class as positives (0.5: chance, 1: every anomaly scores above every normal digit).", OnlyWith: AnomalyClass.Name),
            new(VaeRun.AurocByReconstruction, ObjectiveGoal.Maximize, "AUROC of the held-out reconstruction error (Bernoulli negative log-likelihood) per image, with the digits of anomaly_class as positives.", OnlyWith: AnomalyClass.Name),
        ])
    {
        // A staircase approximation of the linear KL warm-up from 0 to 1 over the first 40% of training (Bowman et al.
        // 2016; Sønderby et al. 2016): each warm-up stage takes the ramp's value at its middle.
        Curriculum = new CurriculumDescriptor(
            "KL warm-up: beta_scale 0.25 for the first fifth of the epochs, 0.75 for the second fifth, then 1 (the plain beta-ELBO).",
            [
                new(BetaScale, ParameterKind.Float, ParameterValue.Float(1), "Multiplies beta, the KL term's weight, while training (below 1: a KL warm-up); held-out metrics always use beta.", Min: 0, Max: 1),
            ],
            [
                new("kl_warmup_1", 0.2, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [BetaScale] = ParameterValue.Float(0.25) }),
                new("kl_warmup_2", 0.2, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [BetaScale] = ParameterValue.Float(0.75) }),
                new("full", 0.6, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [BetaScale] = ParameterValue.Float(1) }),
            ]),
    };

    public string? CheckData(TrainingData data) => DataRequirement.OneOf(data, Descriptor.Name, new ImageShape(1, ConvolutionalVae.ImageSide, ConvolutionalVae.ImageSide));

    public IModelRun CreateRun(ModelRunSettings settings)
    {
        var hyperparameters = VaeHyperparameters.From(settings.Hyperparameters);
        AnomalyClass.Check(hyperparameters.AnomalyClass, settings.Classes);
        return new VaeRun(hyperparameters, settings.Seed, settings.Device);
    }
}
