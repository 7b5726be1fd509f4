using System.Globalization;

namespace Experiments.Training.Engine.Checkpoints;

/// <summary>Where a run's checkpoints live among its artifacts: <c>checkpoints/epoch-NNNN.ckpt</c>.</summary>
public static class CheckpointPaths
{
    public const string Folder = "checkpoints";

    public static string ForEpoch(int epoch) => string.Create(CultureInfo.InvariantCulture, $"{Folder}/epoch-{epoch:D4}.ckpt");

    /// <summary>The epoch of a path written by <see cref="ForEpoch"/>, or null for any other file.</summary>
    public static int? EpochOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.StartsWith("epoch-", StringComparison.Ordinal) && name.EndsWith(".ckpt", StringComparison.Ordinal)
            && int.TryParse(name["epoch-".Length..^".ckpt".Length], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? epoch
            : null;
    }
}
