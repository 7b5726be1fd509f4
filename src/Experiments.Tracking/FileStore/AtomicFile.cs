using System.Text;
using System.Text.RegularExpressions;

namespace Experiments.Tracking.FileStore;

/// <summary>
/// Writes whole files through a temporary file, fsync and a rename (then an fsync of the folder), so readers (MLflow UI
/// included) never see half-written content and a write reported as done survives a crash or power loss. Temporary
/// files are named <c>.&lt;32 hex&gt;.tmp</c> and live in <c>tempDirectory</c>, a folder MLflow never lists; one
/// left by a crash is removed by <see cref="RunFolderRepair"/>. Failures throw <see cref="MlflowFileStoreException"/>
/// naming the target path, after removing the temporary file.
/// </summary>
internal static partial class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>True for a name this class gives its temporary files.</summary>
    public static bool IsTemporaryFileName(string fileName) => TemporaryName().IsMatch(fileName);

    public static Task WriteTextAsync(string path, string content, string tempDirectory, CancellationToken cancellationToken) =>
        WriteBytesAsync(path, Utf8NoBom.GetBytes(content), tempDirectory, cancellationToken);

    public static async Task WriteBytesAsync(string path, ReadOnlyMemory<byte> content, string tempDirectory, CancellationToken cancellationToken)
    {
        var tempPath = await WriteTempAsync(path, content, tempDirectory, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(tempPath, path, overwrite: true);
        }
        catch (Exception exception)
        {
            TryDelete(tempPath);
            throw FileStoreFailure.IsIOFailure(exception) ? FileStoreFailure.Wrap(path, "write", exception) : exception;
        }

        DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }

    /// <summary>Creates <paramref name="path"/> only if it does not exist yet; false when another writer got there first.</summary>
    public static async Task<bool> TryCreateTextAsync(string path, string content, string tempDirectory, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return false;
        }

        var tempPath = await WriteTempAsync(path, Utf8NoBom.GetBytes(content), tempDirectory, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(tempPath, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            TryDelete(tempPath);
            return false;
        }
        catch (Exception exception)
        {
            TryDelete(tempPath);
            throw FileStoreFailure.IsIOFailure(exception) ? FileStoreFailure.Wrap(path, "write", exception) : exception;
        }

        DirectorySync.Flush(Path.GetDirectoryName(path)!);
        return true;
    }

    public static async Task<string?> TryReadTextAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, Utf8NoBom, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
        {
            throw FileStoreFailure.Wrap(path, "read", exception);
        }
    }

    private static async Task<string> WriteTempAsync(string path, ReadOnlyMemory<byte> content, string tempDirectory, CancellationToken cancellationToken)
    {
        var tempPath = Path.Combine(tempDirectory, "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using var handle = File.OpenHandle(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await RandomAccess.WriteAsync(handle, content, 0, cancellationToken).ConfigureAwait(false);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception exception)
        {
            TryDelete(tempPath);
            throw FileStoreFailure.IsIOFailure(exception) ? FileStoreFailure.Wrap(path, "write", exception) : exception;
        }

        return tempPath;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A read-only folder keeps it; the next process that repairs this run removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("^\\.[0-9a-f]{32}\\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
