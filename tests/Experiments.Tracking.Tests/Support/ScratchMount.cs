using System.Diagnostics;

namespace Experiments.Tracking.Tests.Support;

/// <summary>
/// A real mount over a test folder: a small tmpfs (a disk that fills up) or a read-only bind mount of the folder onto
/// itself (writes fail with EROFS, for root too). Needs Linux and the right to mount (root); tests skip otherwise.
/// Disposing unmounts, which gives the folder its normal, writable state back.
/// </summary>
public sealed class ScratchMount : IDisposable
{
    private readonly string path;
    private bool mounted = true;

    private ScratchMount(string path) => this.path = path;

    /// <summary>Mounts an empty tmpfs of <paramref name="sizeBytes"/> at <paramref name="path"/>, or skips the test.</summary>
    public static ScratchMount Tmpfs(string path, int sizeBytes)
    {
        Directory.CreateDirectory(path);
        RequireMount(Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes}", "tmpfs", path), "a small tmpfs (a full disk)");
        return new ScratchMount(path);
    }

    /// <summary>Makes <paramref name="path"/> read-only (for root too) until disposed, or skips the test.</summary>
    public static ScratchMount ReadOnly(string path)
    {
        RequireMount(Run("mount", "--bind", path, path), "a read-only bind mount");
        var mount = new ScratchMount(path);
        var remount = Run("mount", "-o", "remount,bind,ro", path);
        if (remount is not null)
        {
            mount.Dispose();
            Assert.Skip($"Cannot remount {path} read-only ({remount}); this test needs root on Linux.");
        }

        return mount;
    }

    public void Dispose()
    {
        if (mounted && Run("umount", path) is { } error)
        {
            throw new InvalidOperationException($"Could not unmount {path}: {error}");
        }

        mounted = false;
    }

    private static void RequireMount(string? error, string what)
    {
        if (error is not null)
        {
            Assert.Skip($"Cannot mount {what} here ({error}); this test needs root on Linux.");
        }
    }

    /// <summary>Runs a command; null when it succeeded, else its error output.</summary>
    private static string? Run(string command, params string[] arguments)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux";
        }

        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{command} exited with {process.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return $"{command}: {exception.Message}";
        }
    }
}
