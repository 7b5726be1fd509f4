using System.Diagnostics;

namespace Experiments.EndToEnd.Tests;

/// <summary>
/// Makes a folder read-only for everyone, root included (file mode bits do not stop root), by bind-mounting
/// it onto itself read-only. Needs root and a kernel that allows mounts; <see cref="TryCreate"/> says why not.
/// </summary>
public sealed class ReadOnlyBindMount : IDisposable
{
    private readonly string folder;

    private ReadOnlyBindMount(string folder) => this.folder = folder;

    /// <summary>The mount, or null with the reason when this machine does not permit it (the test then skips).</summary>
    public static ReadOnlyBindMount? TryCreate(string folder, out string reason)
    {
        if (!Run("mount", ["--bind", folder, folder], out reason))
        {
            return null;
        }

        if (!Run("mount", ["-o", "remount,bind,ro", folder], out reason))
        {
            Run("umount", [folder], out _);
            return null;
        }

        return new ReadOnlyBindMount(folder);
    }

    public void Dispose() => Run("umount", [folder], out _);

    private static bool Run(string program, string[] arguments, out string reason)
    {
        try
        {
            var startInfo = new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(startInfo)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            reason = $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Trim()}";
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            reason = $"{program} cannot be started: {exception.Message}";
            return false;
        }
    }
}
