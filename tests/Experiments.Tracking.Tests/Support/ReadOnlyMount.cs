namespace Experiments.Tracking.Tests.Support;

/// <summary>
/// Makes a folder read-only for everyone, root included, with a read-only bind mount of the folder onto itself (file
/// permissions do not stop root). <see cref="TryMakeReadOnly"/> returns null where mounting is not allowed.
/// </summary>
public sealed class ReadOnlyMount : IDisposable
{
    public const string Unavailable = "a read-only bind mount needs root and mount permission, which this machine does not give";

    private bool mounted = true;

    private ReadOnlyMount(string path) => Path = path;

    public string Path { get; }

    public static ReadOnlyMount? TryMakeReadOnly(string path)
    {
        Directory.CreateDirectory(path);
        if (!MountCommand.Run("mount", "--bind", path, path))
        {
            return null;
        }

        if (!MountCommand.Run("mount", "-o", "remount,bind,ro", path))
        {
            MountCommand.Run("umount", path);
            return null;
        }

        return new ReadOnlyMount(path);
    }

    /// <summary>Writable again: the bind mount is removed, the folder's files are as they were.</summary>
    public void MakeWritable()
    {
        if (mounted && !MountCommand.Run("umount", Path))
        {
            throw new InvalidOperationException($"Could not unmount the read-only bind mount at {Path}.");
        }

        mounted = false;
    }

    public void Dispose()
    {
        if (mounted)
        {
            MountCommand.Run("umount", "-l", Path);
            mounted = false;
        }
    }
}
