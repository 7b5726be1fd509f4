using System.Runtime.InteropServices;

namespace Experiments.Training.Models.Command;

/// <summary>SIGTERM for a program that should stop cleanly; .NET's <c>Process.Kill</c> only sends SIGKILL.</summary>
internal static partial class UnixSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks process <paramref name="processId"/> to stop; false where signals do not exist or it is gone.</summary>
    public static bool Terminate(int processId) =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Kill(processId, SigTerm) == 0;

    /// <summary>Names the signal behind a shell-style exit code (128 + n), as people read them in logs.</summary>
    public static string? DescribeExitCode(int exitCode) => exitCode switch
    {
        137 => "killed by SIGKILL: out of memory, or killed from outside",
        143 => "stopped by SIGTERM",
        139 => "crashed with SIGSEGV",
        134 => "aborted (SIGABRT)",
        130 => "interrupted (SIGINT)",
        _ => null,
    };

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
