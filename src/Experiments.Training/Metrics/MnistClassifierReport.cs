namespace Experiments.Training.Metrics;

/// <summary>
/// The shipped classifier's figures on the data set's held-out digits: accuracy, the Inception Score of the real
/// held-out digits (one split) and FID between them and as many training digits: the ceilings GANs are compared to.
/// </summary>
internal sealed record MnistClassifierReport(
    double HeldOutAccuracy,
    double HeldOutInceptionScore,
    double RealVersusRealFid,
    int HeldOutCount,
    MnistClassifierTrainingSettings Settings,
    TimeSpan Duration);
