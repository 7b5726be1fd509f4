using Experiments.Training.Engine;
using Experiments.Training.Imaging;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Anomaly;

/// <summary>
/// Which held-out examples are of the anomaly class, and what follows from per-example scores: means over the normal
/// ones (the held-out metrics), the AUROC with the anomalous ones as positives, and the histogram of both.
/// </summary>
internal sealed class HeldOutAnomalies
{
    private readonly bool[] anomalous;

    public HeldOutAnomalies(TrainingBatch heldOut, int anomalyClass)
    {
        if (heldOut.Labels is null)
        {
            throw new TrainingParameterException($"{AnomalyClass.Name} {anomalyClass} needs the labels of the held-out examples to score anomalies, but the data set's held-out split has none.")
            {
                ParameterName = AnomalyClass.Name,
            };
        }

        // A scope, not a using: on the CPU, to(CPU) may hand back the held-out labels themselves.
        using var scope = NewDisposeScope();
        anomalous = heldOut.Labels.to(CPU).data<long>().Select(label => label == anomalyClass).ToArray();
        if (!anomalous.Contains(true) || !anomalous.Contains(false))
        {
            throw new TrainingParameterException(
                $"{AnomalyClass.Name} {anomalyClass} leaves {(anomalous.Contains(true) ? "no normal" : "no anomalous")} examples in the held-out split, so anomalies cannot be scored.")
            {
                ParameterName = AnomalyClass.Name,
            };
        }
    }

    /// <summary>The mean of <paramref name="perExample"/> (in held-out order) over the normal examples.</summary>
    public double MeanOverNormal(IReadOnlyList<double> perExample) => Normal(perExample).Average();

    /// <summary>AUROC of <paramref name="scores"/> (higher: more anomalous) with the anomaly class as positives.</summary>
    public double Auroc(IReadOnlyList<double> scores) => Metrics.Auroc.Compute(Anomalous(scores).ToList(), Normal(scores).ToList());

    /// <summary>The histogram of normal (blue) and anomalous (red) scores after <paramref name="epoch"/>.</summary>
    public TrainingArtifact Histogram(int epoch, IReadOnlyList<double> scores, string? name = null) =>
        new($"anomaly/{name ?? "scores"}-epoch-{epoch:D3}.png", ScoreHistogram.Png(Normal(scores).ToList(), Anomalous(scores).ToList()));

    private IEnumerable<double> Normal(IReadOnlyList<double> perExample) => perExample.Where((_, index) => !anomalous[index]);

    private IEnumerable<double> Anomalous(IReadOnlyList<double> perExample) => perExample.Where((_, index) => anomalous[index]);
}
