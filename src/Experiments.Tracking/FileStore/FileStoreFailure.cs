using System.Runtime.InteropServices;

namespace Experiments.Tracking.FileStore;

/// <summary>Turns the runtime's I/O exceptions into <see cref="MlflowFileStoreException"/>: the path and the OS reason in one sentence.</summary>
internal static class FileStoreFailure
{
    /// <summary>An error of the file system (not one of ours, not a cancellation).</summary>
    public static bool IsIOFailure(Exception exception) =>
        exception is (IOException and not MlflowFileStoreException) or UnauthorizedAccessException;

    public static MlflowFileStoreException Wrap(string path, string action, Exception exception) =>
        exception as MlflowFileStoreException ?? new MlflowFileStoreException(path, action, Reason(exception), exception);

    /// <summary>The reason as the OS words it (<c>No space left on device</c>), without the path the runtime appends.</summary>
    public static string Reason(Exception exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        PathTooLongException => "File name too long",
        UnauthorizedAccessException => "Permission denied",

        // On Unix the runtime puts the raw errno into HResult for errors it has no exception type for (ENOSPC, EROFS, EIO, EFBIG).
        IOException when !OperatingSystem.IsWindows() && exception.HResult is > 0 and < 4096 => Marshal.GetPInvokeErrorMessage(exception.HResult),
        _ => WithoutPath(exception.Message),
    };

    private static string WithoutPath(string message)
    {
        var pathStart = message.IndexOf(" : '", StringComparison.Ordinal);
        return (pathStart > 0 ? message[..pathStart] : message).TrimEnd('.');
    }
}
