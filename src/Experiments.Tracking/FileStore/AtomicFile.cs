using System.Text;

namespace Experiments.Tracking.FileStore;

/// <summary>
/// Writes whole files through a temporary file and a rename, so readers (MLflow UI included) never see
/// half-written content. Temporary files live in <paramref name="tempDirectory"/>, a folder MLflow never lists.
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static Task WriteTextAsync(string path, string content, string tempDirectory, CancellationToken cancellationToken) =>
        WriteBytesAsync(path, Utf8NoBom.GetBytes(content), tempDirectory, cancellationToken);

    public static async Task WriteBytesAsync(string path, ReadOnlyMemory<byte> content, string tempDirectory, CancellationToken cancellationToken)
    {
        var tempPath = await WriteTempAsync(content, tempDirectory, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(tempPath, path, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Creates <paramref name="path"/> only if it does not exist yet; false when another writer got there first.</summary>
    public static async Task<bool> TryCreateTextAsync(string path, string content, string tempDirectory, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return false;
        }

        var tempPath = await WriteTempAsync(Utf8NoBom.GetBytes(content), tempDirectory, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(tempPath, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            TryDelete(tempPath);
            return false;
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
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
    }

    private static async Task<string> WriteTempAsync(ReadOnlyMemory<byte> content, string tempDirectory, CancellationToken cancellationToken)
    {
        var tempPath = Path.Combine(tempDirectory, "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            TryDelete(tempPath);
            throw;
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
            // Best effort: a leftover dot-file in a folder MLflow never lists is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
