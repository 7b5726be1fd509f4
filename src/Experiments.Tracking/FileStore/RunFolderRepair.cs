using Microsoft.Extensions.Logging;

namespace Experiments.Tracking.FileStore;

/// <summary>
/// Removes what an interrupted process (kill -9, power loss, a full disk before this version) left in a run folder
/// that MLflow cannot read: a metric line cut short (truncated to the last complete line), an empty metric file
/// ("Metric is malformed. No data found." fails the whole experiment in MLflow), and temporary files of
/// <see cref="AtomicFile"/>. Empty param and tag files stay: MLflow reads them as the empty value, which is a valid
/// value, and this store never leaves a torn one (it renames only fsynced files).
/// </summary>
internal static class RunFolderRepair
{
    /// <summary>Repairs one run folder, logging one Information line per repair; true when everything needed could be done.</summary>
    public static bool Repair(string runDirectory, ILogger logger)
    {
        var complete = RemoveTemporaryFiles(runDirectory, logger);
        if (!TryListFiles(Path.Combine(runDirectory, "metrics"), SearchOption.AllDirectories, logger, out var metricFiles))
        {
            return false;
        }

        foreach (var file in metricFiles)
        {
            complete &= TryRepair(file, logger, () => RepairMetricFile(file, logger));
        }

        return complete;
    }

    /// <summary>Removes <see cref="AtomicFile"/>'s temporary files directly in <paramref name="directory"/> (a run or experiment folder).</summary>
    public static bool RemoveTemporaryFiles(string directory, ILogger logger)
    {
        if (!TryListFiles(directory, SearchOption.TopDirectoryOnly, logger, out var files))
        {
            return false;
        }

        var complete = true;
        foreach (var file in files.Where(f => AtomicFile.IsTemporaryFileName(Path.GetFileName(f))))
        {
            complete &= TryRepair(file, logger, () =>
            {
                File.Delete(file);
                logger.LogInformation("Removed {Path}, a temporary file left by an interrupted write to the MLflow file store", file);
            });
        }

        return complete;
    }

    private static void RepairMetricFile(string path, ILogger logger)
    {
        long removed;
        long remaining;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            removed = MetricFileTail.TrimPartialLine(handle);
            remaining = RandomAccess.GetLength(handle);
        }

        if (remaining == 0)
        {
            File.Delete(path);
            logger.LogInformation("Removed {Path}, an empty metric file the MLflow UI cannot read, left by an interrupted write", path);
        }
        else if (removed > 0)
        {
            logger.LogInformation(
                "Truncated {Path} to its last complete line: removed {Bytes} bytes of a metric line cut short by an interrupted write",
                path,
                removed);
        }
    }

    private static bool TryRepair(string path, ILogger logger, Action repair)
    {
        try
        {
            repair();
            return true;
        }
        catch (FileNotFoundException)
        {
            return true; // gone meanwhile: nothing left to repair
        }
        catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
        {
            // A read-only or failing folder: the write that follows reports it; the repair is tried again next time.
            logger.LogDebug("Could not repair {Path}: {Reason}", path, FileStoreFailure.Reason(exception));
            return false;
        }
    }

    private static bool TryListFiles(string directory, SearchOption searchOption, ILogger logger, out string[] files)
    {
        files = [];
        try
        {
            files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*", searchOption) : [];
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
        {
            logger.LogDebug("Could not list {Path} for repair: {Reason}", directory, FileStoreFailure.Reason(exception));
            return false;
        }
    }
}
