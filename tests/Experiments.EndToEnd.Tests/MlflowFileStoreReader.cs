namespace Experiments.EndToEnd.Tests;

/// <summary>
/// Reads ./mlruns as MLflow would (meta.yaml, tags/), independently of the product's own
/// tracking code, so the tests check the on-disk format a user's <c>mlflow ui</c> reads.
/// </summary>
public static class MlflowFileStoreReader
{
    /// <summary>The experiment folder whose meta.yaml has <c>name: <paramref name="experimentName"/></c>, or null.</summary>
    public static string? FindExperimentDirectory(string mlrunsDirectory, string experimentName)
    {
        if (!Directory.Exists(mlrunsDirectory))
        {
            return null;
        }

        return Directory.EnumerateDirectories(mlrunsDirectory)
            .Where(directory => File.Exists(Path.Combine(directory, "meta.yaml")))
            .SingleOrDefault(directory => ReadMeta(Path.Combine(directory, "meta.yaml")).GetValueOrDefault("name") == experimentName);
    }

    public static IReadOnlyList<MlflowRun> ReadRuns(string experimentDirectory) =>
        Directory.EnumerateDirectories(experimentDirectory)
            .Where(directory => File.Exists(Path.Combine(directory, "meta.yaml")))
            .Select(ReadRun)
            .ToList();

    private static MlflowRun ReadRun(string runDirectory)
    {
        var meta = ReadMeta(Path.Combine(runDirectory, "meta.yaml"));
        return new MlflowRun(
            meta.GetValueOrDefault("run_id") ?? Path.GetFileName(runDirectory),
            runDirectory,
            int.Parse(meta["status"], System.Globalization.CultureInfo.InvariantCulture),
            ReadTag(runDirectory, "mlflow.runName"),
            ReadTag(runDirectory, "mlflow.parentRunId"));
    }

    private static string? ReadTag(string runDirectory, string key)
    {
        var path = Path.Combine(runDirectory, "tags", key);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>The top-level <c>key: value</c> scalars of an MLflow meta.yaml (quotes removed).</summary>
    private static Dictionary<string, string> ReadMeta(string path)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || char.IsWhiteSpace(line[0]))
            {
                continue;
            }

            fields[line[..colon].Trim()] = line[(colon + 1)..].Trim().Trim('\'', '"');
        }

        return fields;
    }
}
