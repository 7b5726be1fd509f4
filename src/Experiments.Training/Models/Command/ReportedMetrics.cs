namespace Experiments.Training.Models.Command;

/// <summary>
/// Turns a program's metric lines into progress: a line with the objective is the next epoch's result (or the epoch
/// it names), reported to the observer for the scheduler and MLflow; other lines are training-step metrics. The last
/// value of every metric reported with an epoch is the trial's final result.
/// </summary>
internal sealed class ReportedMetrics(string objective, ITrainingObserver observer)
{
    private readonly Dictionary<string, double> final = new(StringComparer.Ordinal);
    private int epoch;
    private long step;

    public async ValueTask AddAsync(MetricLine line, CancellationToken cancellationToken)
    {
        if (line.Metrics.ContainsKey(objective) && (line.Epoch ?? epoch + 1) > epoch)
        {
            epoch = line.Epoch ?? epoch + 1;
            step = line.Step ?? Math.Max(step, epoch);
            foreach (var (name, value) in line.Metrics)
            {
                final[name] = value;
            }

            await observer.OnEpochAsync(epoch, step, line.Metrics, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Training-step metrics, or an epoch reported again: logged, not scheduled on.
        step = line.Step ?? step + 1;
        await observer.OnStepAsync(step, line.Metrics, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The final result, or null when the objective was never reported.</summary>
    public TrainingResult? Result(TimeSpan duration) =>
        epoch == 0 ? null : new TrainingResult(epoch, step, new Dictionary<string, double>(final, StringComparer.Ordinal), duration);
}
