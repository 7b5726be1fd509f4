using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Cli.Display;

/// <summary>Progress as one line per change (with the curriculum stage when the sweep has one), for logs, CI and redirected output.</summary>
public sealed class LineProgress(TextWriter output, TimeProvider clock) : ISweepProgress
{
    public async Task RunAsync(Func<CancellationToken, Task<SweepSnapshot>> poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var seen = new Dictionary<string, (TrialStatus, int)>();
        var started = clock.GetTimestamp();
        while (true)
        {
            var snapshot = await poll(cancellationToken);
            foreach (var trial in snapshot.Trials)
            {
                if (seen.TryGetValue(trial.TrialId, out var last) && last == (trial.Status, trial.Epoch))
                {
                    continue;
                }

                seen[trial.TrialId] = (trial.Status, trial.Epoch);
                var best = snapshot.BestTrial;
                var elapsed = clock.GetElapsedTime(started).TotalSeconds;
                var stage = snapshot.Definition.Curriculum is { } curriculum ? $"stage {SweepFormatting.Stage(trial, curriculum)} " : string.Empty;
                await output.WriteLineAsync(
                    $"[{elapsed,6:F1}s] trial {trial.Number} {SweepFormatting.Status(trial.Status),-9} epoch {trial.Epoch}/{snapshot.Definition.Epochs} {stage}" +
                    $"{snapshot.Definition.ObjectiveMetric}={SweepFormatting.Number(trial.Objective)} | best {SweepFormatting.Number(best?.Objective)}" +
                    (best is null ? string.Empty : $" (trial {best.Number})") +
                    (trial.Error is null ? string.Empty : $" | {trial.Error}"));
            }

            if (snapshot.IsFinished)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), clock, cancellationToken);
        }
    }
}
