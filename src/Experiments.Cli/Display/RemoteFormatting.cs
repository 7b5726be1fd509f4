using System.Globalization;
using Experiments.Contracts.Api;

namespace Experiments.Cli.Display;

/// <summary>How the REST API's ids, times and trial counts read in the remote commands' tables.</summary>
public static class RemoteFormatting
{
    /// <summary>Enough of a 32-hex id to name a sweep among thousands; any unambiguous prefix is accepted back.</summary>
    public const int ShortIdLength = 12;

    public static string ShortId(Guid id) => id.ToString("N")[..ShortIdLength];

    /// <summary>Local time to the second; "-" when unknown.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } value ? value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";

    /// <summary>Trials no longer pending or running.</summary>
    public static int Finished(TrialCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Total - counts.Pending - counts.Running;
    }

    /// <summary>"3 completed, 1 running, ..." leaving out the statuses no trial has; "none yet" without trials.</summary>
    public static string Counts(TrialCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var parts = new (int Count, string Name)[]
        {
            (counts.Completed, "completed"), (counts.Running, "running"), (counts.Pending, "pending"),
            (counts.Pruned, "pruned"), (counts.Failed, "failed"), (counts.Killed, "killed"),
        }.Where(p => p.Count > 0).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Count} {p.Name}")).ToList();
        return parts.Count == 0 ? "none yet" : string.Join(", ", parts);
    }

    /// <summary>The best objective and its trial, e.g. "0.3979 (trial 12)"; "-" before one.</summary>
    public static string Best(double? objective, int? trialNumber) =>
        objective is null ? "-" : trialNumber is { } number ? $"{SweepFormatting.Number(objective)} (trial {number})" : SweepFormatting.Number(objective);
}
