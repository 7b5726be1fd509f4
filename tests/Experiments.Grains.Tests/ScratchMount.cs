using System.Diagnostics;

namespace Experiments.Grains.Tests;

/// <summary>
/// A real mount over a test folder: a small tmpfs (a disk that fills up) or a read-only bind mount
/// (which stops root too, unlike file modes). Needs root and permission to mount; a test skips with
/// the reason where that is missing. Unmounted on dispose.
/// </summary>
public sealed class ScratchMount : IDisposable
{
    private readonly string directory;

    private ScratchMount(string directory) => this.directory = directory;

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (e.g. "1m") on <paramref name="directory"/>, which must exist.</summary>
    public static ScratchMount Tmpfs(string directory, string size)
    {
        Mount("-t", "tmpfs", "-o", $"size={size}", "tmpfs", directory);
        return new ScratchMount(directory);
    }

    /// <summary>Makes <paramref name="directory"/> read-only in place (its files stay visible).</summary>
    public static ScratchMount ReadOnly(string directory)
    {
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

    public void Dispose()
    {
        Run("umount", "-l", directory);
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
