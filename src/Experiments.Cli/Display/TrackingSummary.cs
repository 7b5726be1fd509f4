using Experiments.Tracking.Outbox;

namespace Experiments.Cli.Display;

/// <summary>What a run or a flush tells people about their MLflow data at the end, and where to look at it.</summary>
public static class TrackingSummary
{
    /// <summary>The target as people type it: a URL, or a folder relative to here when it is under it.</summary>
    public static string Where(string target)
    {
        if (IsServer(target))
        {
            return target;
        }

        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), target);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? target : "./" + relative;
    }

    public static string ViewHint(string target) =>
        IsServer(target) ? $"See it at {target}" : $"See it with: mlflow ui --backend-store-uri {Where(target)}";

    /// <summary>Writes nothing when everything was delivered; otherwise what is pending, lost or refused, and where it is.</summary>
    public static async Task WriteAsync(TextWriter output, TrackingOutboxStatus status, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(status);
        if (status.Pending > 0)
        {
            var reason = status.LastError is null ? string.Empty : $" ({status.LastError})";
            await output.WriteLineAsync(
                $"Tracking: {status.Pending} items are not yet delivered to {Where(status.Target)}{reason}; they are kept in {Where(status.Folder)} " +
                $"and delivered by the next run using this state folder, or now with: experiments tracking flush --state-dir {Where(Path.GetFullPath(stateDirectory))}");
        }

        if (status.Rejected > 0)
        {
            await output.WriteLineAsync($"Tracking: MLflow refused {status.Rejected} items; they are kept in {Where(Path.Combine(status.Folder, "rejected.jsonl"))} (see the warnings above).");
        }

        if (status.Dropped > 0)
        {
            await output.WriteLineAsync($"Tracking: {status.Dropped} items could not be queued in {Where(status.Folder)} and are lost (see the warnings above).");
        }
    }

    private static bool IsServer(string target) =>
        target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
