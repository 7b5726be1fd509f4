namespace Experiments.Training.Metrics;

/// <summary>How the shipped MNIST classifier is trained; the defaults made data/mnist-classifier/mnist-classifier.safetensors.</summary>
internal sealed record MnistClassifierTrainingSettings(
    int Epochs = 30,
    long Seed = 20_260_001,
    int BatchSize = 64,
    double LearningRate = 1e-3,
    int MaxShift = 2);
