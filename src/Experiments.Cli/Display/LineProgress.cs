namespace Experiments.Cli.Display;

/// <summary>Progress as one line per change (with the curriculum stage when the sweep has one), for logs, CI and redirected output.</summary>
/// <param name="interval">How long to wait between polls; default half a second.</param>
public sealed class LineProgress(TextWriter output, TimeProvider clock, TimeSpan? interval = null) : ISweepProgress
{
    public async Task RunAsync(Func<CancellationToken, Task<SweepView>> poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var seen = new Dictionary<string, (string, int)>();
        var started = clock.GetTimestamp();
        string? waiting = null;
        while (true)
        {
            var sweep = await poll(cancellationToken);
            if (sweep.Waiting is { } notice && notice != waiting)
            {
                // Once per change, not per poll: trials waiting for a kind of worker no one has seen.
                await output.WriteLineAsync($"[{clock.GetElapsedTime(started).TotalSeconds,6:F1}s] {notice}");
            }

            waiting = sweep.Waiting;
            foreach (var trial in sweep.Trials)
            {
                if (seen.TryGetValue(trial.TrialId, out var last) && last == (trial.Status, trial.Epoch))
                {
                    continue;
                }

                seen[trial.TrialId] = (trial.Status, trial.Epoch);
                var best = sweep.BestTrial;
                var elapsed = clock.GetElapsedTime(started).TotalSeconds;
                var stage = sweep.HasCurriculum ? $"stage {trial.Stage} " : string.Empty;
                await output.WriteLineAsync(
                    $"[{elapsed,6:F1}s] trial {trial.Number} {trial.Status,-9} epoch {trial.Epoch}/{sweep.Epochs} {stage}" +
                    $"{sweep.ObjectiveMetric}={SweepFormatting.Number(trial.Objective)} | best {SweepFormatting.Number(best?.Objective)}" +
                    (best is null ? string.Empty : $" (trial {best.Number})") +
                    (trial.Error is null ? string.Empty : $" | {trial.Error}"));
            }

            if (sweep.IsFinished)
            {
                return;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(500), clock, cancellationToken);
        }
    }
}
