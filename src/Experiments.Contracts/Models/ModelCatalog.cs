using Experiments.Contracts.Parameters;

namespace Experiments.Contracts.Models;

/// <summary>
/// The model families workers can train. Specs are checked against this catalog at submission, so a
/// typo in a model, hyperparameter or metric name fails before any trial is scheduled.
/// The training library asserts (in its tests) that every model it implements matches its entry.
/// </summary>
public static class ModelCatalog
{
    public static ModelDescriptor Vae { get; } = new(
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
        ],
        Metrics:
        [
            new("elbo", ObjectiveGoal.Maximize, "Evidence lower bound per image on the held-out split, in nats (higher is better)."),
            new("loss", ObjectiveGoal.Minimize, "Reconstruction + beta * KL per image on the held-out split, in nats."),
            new("reconstruction", ObjectiveGoal.Minimize, "Bernoulli negative log-likelihood per image on the held-out split."),
            new("kl", ObjectiveGoal.Minimize, "KL(q(z|x) || N(0, I)) per image on the held-out split."),
            new("train_loss", ObjectiveGoal.Minimize, "Mean training loss per image over the epoch."),
        ]);

    public static IReadOnlyList<ModelDescriptor> All { get; } = [Vae];

    public static ModelDescriptor? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));
}
