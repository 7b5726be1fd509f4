using System.Globalization;

namespace Experiments.Tracking.Tests.Support;

/// <summary>
/// A real, tiny file system (tmpfs) mounted on a folder, to make writes fail with "No space left on device" the way a
/// full disk does. Needs root and permission to mount; <see cref="TryMount"/> returns null where that is not allowed.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    public const string Unavailable = "mounting a small tmpfs needs root and mount permission, which this machine does not give";

    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk? TryMount(string path, int sizeKiB)
    {
        Directory.CreateDirectory(path);
        return MountCommand.Run("mount", "-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={sizeKiB}k"), "tmpfs", path) ? new SmallDisk(path) : null;
    }

    /// <summary>Makes room: the same file system, now 16 MiB large, with its files kept.</summary>
    public void Free()
    {
        if (!MountCommand.Run("mount", "-o", "remount,size=16m", Path))
        {
            throw new InvalidOperationException($"Could not grow the tmpfs at {Path}.");
        }
    }

    public void Dispose() => MountCommand.Run("umount", "-l", Path);
}
