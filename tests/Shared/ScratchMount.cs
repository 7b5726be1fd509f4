using System.Diagnostics;

namespace Experiments.Testing;

/// <summary>
/// A real mount over a test folder: a small tmpfs (a disk that fills up) or a read-only bind mount of the folder onto
/// itself (writes fail with EROFS, for root too, unlike file modes). Needs Linux and the right to mount (root); a test
/// skips with the reason where that is missing. Unmounting gives the folder its normal, writable state back.
/// Shared by the test projects as a linked source file.
/// </summary>
public sealed class ScratchMount : IDisposable
{
    private readonly string directory;
    private bool mounted = true;

    private ScratchMount(string directory) => this.directory = directory;

    /// <summary>Mounts an empty tmpfs of <paramref name="size"/> (e.g. "1m", "64k") on <paramref name="directory"/>, or skips the test.</summary>
    public static ScratchMount Tmpfs(string directory, string size)
    {
        Directory.CreateDirectory(directory);
        Mount("-t", "tmpfs", "-o", $"size={size}", "tmpfs", directory);
        return new ScratchMount(directory);
    }

    /// <summary>Makes <paramref name="directory"/> read-only in place (its files stay visible), or skips the test.</summary>
    public static ScratchMount ReadOnly(string directory)
    {
        Directory.CreateDirectory(directory);
        Mount("--bind", directory, directory);
        var mount = new ScratchMount(directory);
        try
        {
            Mount("-o", "remount,bind,ro", directory);
        }
        catch
        {
            mount.Dispose();
            throw;
        }

        return mount;
    }

    /// <summary>Fills the file system with one file until it is full; returns that file (delete it to free the space).</summary>
    public string Fill()
    {
        var filler = Path.Combine(directory, "filler");
        // Unbuffered, so the write that finds the disk full fails here and closing has nothing left to flush.
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // Full: what the test wants.
        }

        return filler;
    }

    /// <summary>Makes room on a tmpfs: the same file system, now <paramref name="size"/> large, its files kept.</summary>
    public void Grow(string size)
    {
        var (exitCode, output) = Run("mount", "-o", $"remount,size={size}", directory);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"Could not grow the tmpfs at {directory}: {output.Trim()}");
        }
    }

    /// <summary>Removes the mount: the folder is as it was underneath, writable again.</summary>
    public void Unmount()
    {
        if (mounted)
        {
            var (exitCode, output) = Run("umount", directory);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"Could not unmount {directory}: {output.Trim()}");
            }

            mounted = false;
        }
    }

    public void Dispose()
    {
        if (mounted)
        {
            Run("umount", "-l", directory);
            mounted = false;
        }
    }

    private static void Mount(params string[] arguments)
    {
        var (exitCode, output) = Run("mount", arguments);
        if (exitCode != 0)
        {
            Assert.Skip($"This test needs root and permission to mount (mount {string.Join(' ', arguments)} said: {output.Trim()}).");
        }
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (-1, "not Linux");
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, exception.Message);
        }
    }
}
