using System.Runtime.InteropServices;

namespace Experiments.Tracking.FileStore;

/// <summary>
/// Flushes a folder's entries to disk (fsync on the folder), so a file renamed into or created in it survives a power
/// loss. .NET has no API for this: a folder cannot be opened as a FileStream.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY

    /// <summary>
    /// Best effort: the entry is already visible to every reader; a disk that cannot flush it fails the next write
    /// anyway, which reports the reason.
    /// </summary>
    public static void Flush(string directory)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()))
        {
            return; // Windows journals renames itself and cannot open a folder for flushing.
        }

        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            return;
        }

        _ = FSync(descriptor);
        _ = Close(descriptor);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
