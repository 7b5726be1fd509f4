using System.Diagnostics;
using Experiments.Training;

namespace Experiments.Bench;

/// <summary>
/// Passes every callback on to the observer the worker uses, and notes when steps happened; samples memory every
/// <paramref name="sampleEverySteps"/> steps, or at the end of every epoch when it is 0 (the same point of the
/// epoch's cycle each time: samples taken mid-cycle see a saw-tooth, not a trend).
/// </summary>
internal sealed class SamplingObserver(ITrainingObserver inner, List<RssSample> samples, int warmupSteps, int sampleEverySteps) : ITrainingObserver
{
    public Stopwatch Clock { get; } = new();

    public int Epochs { get; private set; }

    public long LastStep { get; private set; }

    public double LastStepSeconds { get; private set; }

    public double WarmupSeconds { get; private set; }

    /// <summary>Clock time spent taking memory samples (each collects garbage first), when each began; not charged to training.</summary>
    private readonly List<(double At, double Took)> sampling = [];

    /// <summary>Seconds spent sampling memory between <paramref name="from"/> and <paramref name="to"/> on <see cref="Clock"/>.</summary>
    public double SamplingSecondsBetween(double from, double to) =>
        sampling.Where(s => s.At >= from && s.At < to).Sum(s => s.Took);

    public ValueTask OnStepAsync(long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var now = Clock.Elapsed.TotalSeconds;
        LastStep = step;
        LastStepSeconds = now;
        if (step == warmupSteps)
        {
            WarmupSeconds = now;
        }

        if (sampleEverySteps > 0 && step % sampleEverySteps == 0)
        {
            Sample(step);
        }

        return inner.OnStepAsync(step, metrics, cancellationToken);
    }

    public ValueTask OnEpochAsync(int epoch, long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        Epochs = epoch;
        if (sampleEverySteps == 0)
        {
            Sample(step);
        }

        return inner.OnEpochAsync(epoch, step, metrics, cancellationToken);
    }

    private void Sample(long step)
    {
        var at = Clock.Elapsed.TotalSeconds;
        samples.Add(RssSample.Take(step, at));
        sampling.Add((at, Clock.Elapsed.TotalSeconds - at));
    }

    public ValueTask OnArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        inner.OnArtifactAsync(path, content, cancellationToken);

    public ValueTask OnArtifactDeletedAsync(string path, CancellationToken cancellationToken) => inner.OnArtifactDeletedAsync(path, cancellationToken);

    public ValueTask OnResumedAsync(string checkpoint, int epoch, long step, CancellationToken cancellationToken) =>
        inner.OnResumedAsync(checkpoint, epoch, step, cancellationToken);

    public ValueTask OnStageAsync(int stage, string name, int epoch, long step, CancellationToken cancellationToken) =>
        inner.OnStageAsync(stage, name, epoch, step, cancellationToken);
}
