using System.Text;
using Microsoft.Extensions.Logging;

namespace Experiments.Tracking.FileStore;

/// <summary>
/// The metric appends of one log-batch call, done as one unit: either every metric file gets its lines (fsynced), or
/// <see cref="Rollback"/> puts every file back as it was before the call (appended bytes truncated, files and folders
/// the call created removed), so a failed call leaves nothing MLflow could trip over and can simply be repeated.
/// Lines a file already ends with, written by an earlier attempt of the same call whose success was lost (a crash
/// after the write, an undo that failed), are not written twice. Callers hold the run lock.
/// </summary>
internal sealed class MetricAppendBatch(ILogger logger)
{
    private readonly List<AppendedFile> files = [];
    private readonly List<string> createdDirectories = [];

    /// <summary>Appends whole lines to one metric file; throws <see cref="MlflowFileStoreException"/> naming the file on an I/O error.</summary>
    public async Task AppendAsync(string path, string lines, CancellationToken cancellationToken)
    {
        try
        {
            CreateDirectories(Path.GetDirectoryName(path)!);
            var created = !File.Exists(path);
            using var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            var file = new AppendedFile(path, created, RandomAccess.GetLength(handle));
            files.Add(file);

            // Never append behind a line cut short: it would merge with the first new point into one malformed line.
            var trimmed = MetricFileTail.TrimPartialLine(handle);
            if (trimmed > 0)
            {
                logger.LogInformation(
                    "Truncated {Path} to its last complete line: removed {Bytes} bytes of a metric line cut short by an interrupted write",
                    path,
                    trimmed);
            }

            file.OriginalLength = RandomAccess.GetLength(handle);
            var bytes = Encoding.UTF8.GetBytes(lines);
            var alreadyWritten = MetricFileTail.AlreadyWrittenPrefix(handle, bytes);
            if (alreadyWritten == bytes.Length)
            {
                return;
            }

            await RandomAccess.WriteAsync(handle, bytes.AsMemory(alreadyWritten), file.OriginalLength, cancellationToken).ConfigureAwait(false);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
        {
            throw FileStoreFailure.Wrap(path, "write", exception);
        }
    }

    /// <summary>Makes the names of files and folders this batch created durable (their contents already are).</summary>
    public void Commit()
    {
        var parents = files.Where(f => f.Created).Select(f => Path.GetDirectoryName(f.Path)!)
            .Concat(createdDirectories.Select(d => Path.GetDirectoryName(d)!))
            .Distinct(StringComparer.Ordinal);
        foreach (var parent in parents)
        {
            DirectorySync.Flush(parent);
        }
    }

    /// <summary>Puts every touched file back as it was before the batch; false when that failed for one of them (logged).</summary>
    public bool Rollback()
    {
        var complete = true;
        for (var i = files.Count - 1; i >= 0; i--)
        {
            var file = files[i];
            try
            {
                if (file.Created || file.OriginalLength == 0)
                {
                    // An empty metric file is one MLflow cannot read: remove it rather than truncating to nothing.
                    File.Delete(file.Path);
                    continue;
                }

                using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                if (RandomAccess.GetLength(handle) > file.OriginalLength)
                {
                    RandomAccess.SetLength(handle, file.OriginalLength);
                    RandomAccess.FlushToDisk(handle);
                }
            }
            catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
            {
                complete = false;
                logger.LogWarning(
                    "Could not undo a failed metric append to {Path}: {Reason}; the next write to this run repairs it and does not log its points twice",
                    file.Path,
                    FileStoreFailure.Reason(exception));
            }
        }

        for (var i = createdDirectories.Count - 1; i >= 0; i--)
        {
            try
            {
                Directory.Delete(createdDirectories[i]);
            }
            catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
            {
                // Not empty (another key under it) or not writable: an empty folder does not bother MLflow.
            }
        }

        return complete;
    }

    private void CreateDirectories(string directory)
    {
        var missing = new Stack<string>();
        for (var current = directory; current is not null && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        while (missing.TryPop(out var next))
        {
            try
            {
                Directory.CreateDirectory(next);
            }
            catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
            {
                throw FileStoreFailure.Wrap(next, "create", exception);
            }

            createdDirectories.Add(next);
        }
    }

    private sealed class AppendedFile(string path, bool created, long originalLength)
    {
        public string Path { get; } = path;

        public bool Created { get; } = created;

        /// <summary>The length to go back to; set again once a cut-short line was trimmed.</summary>
        public long OriginalLength { get; set; } = originalLength;
    }
}
