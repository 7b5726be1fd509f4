using System.Globalization;
using Experiments.Contracts.Api;

namespace Experiments.Cli.Display;

/// <summary>One sweep of a cluster in words, a fact a line, as <c>experiments status SWEEP</c> shows it above its trials.</summary>
public static class SweepDetailText
{
    public static IReadOnlyList<string> Lines(SweepDetail sweep, string server)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var lines = new List<string>
        {
            $"Sweep {sweep.SweepId:N} of '{sweep.Experiment}' on {server}",
            $"  status:     {sweep.Status}{(sweep.Reason is { } reason ? $" ({reason.TrimEnd('.')})" : string.Empty)}",
        };
        if (sweep.StorageFailure is { } storage)
        {
            lines.Add($"  storage:    {storage}");
        }

        if (sweep.Waiting is { } waiting)
        {
            lines.Add($"  {waiting}");
        }

        lines.AddRange(
        [
            $"  model:      {sweep.Model}{(sweep.Dataset.Length == 0 ? string.Empty : $" on {sweep.Dataset}")}{(sweep.Resources == "any" ? string.Empty : $", on {sweep.Resources} workers")}",
            $"  objective:  {sweep.Goal} {sweep.ObjectiveMetric}",
            string.Create(CultureInfo.InvariantCulture,
                $"  budget:     {sweep.MaxTrials} trials, {sweep.Parallel} in parallel, {sweep.Epochs} epochs each, max_failed {(sweep.MaxFailed is { } maxFailed ? maxFailed.ToString(CultureInfo.InvariantCulture) : "none")}"),
            string.Create(CultureInfo.InvariantCulture, $"  search:     {sweep.Algorithm} (seed {sweep.Seed}), scheduler {sweep.Scheduler}"),
            string.Create(CultureInfo.InvariantCulture, $"  trials:     {RemoteFormatting.Finished(sweep.Trials)}/{sweep.MaxTrials} done: {RemoteFormatting.Counts(sweep.Trials)}"),
            $"  best:       {RemoteFormatting.Best(sweep.BestObjective, sweep.BestTrialNumber)}",
            $"  mlflow:     experiment '{sweep.Experiment}', parent run {sweep.ParentRunKey ?? "-"}",
            $"  started:    {RemoteFormatting.Time(sweep.CreatedAt)}{(sweep.FinishedAt is null ? string.Empty : $", finished {RemoteFormatting.Time(sweep.FinishedAt)}")}",
            $"  spec:       {sweep.SourceName} (fingerprint {sweep.Fingerprint})",
        ]);
        return lines;
    }
}
