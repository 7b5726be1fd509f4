using System.Diagnostics;
using System.Globalization;

namespace Experiments.Bench;

/// <summary>
/// One silo or worker of the cluster-overhead benchmark: <c>dotnet &lt;dll&gt;</c> with its own environment, its console
/// written straight to a log file (through <c>sh -c 'exec ...'</c>, so the pid is dotnet's and this process reads no pipes
/// while measuring), its memory read from /proc, and killed with its children at the end.
/// </summary>
internal sealed class ClusterProcess : IDisposable
{
    // Inherited settings with these prefixes could change what is measured (another broker, anonymous API, ...).
    private static readonly string[] ClearedPrefixes = ["ConnectionStrings__", "Orleans__", "Experiments__", "Worker__", "Tracking__", "MLFLOW_", "ASPNETCORE_", "Logging__"];

    private readonly Process process;

    private ClusterProcess(string name, Process process, string logPath)
    {
        Name = name;
        this.process = process;
        LogPath = logPath;
    }

    public string Name { get; }

    public string LogPath { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static ClusterProcess Start(string name, string dll, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var logPath = Path.Combine(workingDirectory, name + ".log");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" >\"$1\" 2>&1");
        start.ArgumentList.Add(Path.GetFullPath(dll));
        start.ArgumentList.Add(logPath);
        foreach (var key in start.Environment.Keys.Where(k => ClearedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name}: dotnet {dll} did not start");
        return new ClusterProcess(name, process, logPath);
    }

    /// <summary>VmRSS and VmHWM (peak) in MiB from /proc/&lt;pid&gt;/status; NaN once the process is gone.</summary>
    public (double RssMiB, double PeakMiB) Memory()
    {
        try
        {
            double Read(string key) => File.ReadLines($"/proc/{process.Id}/status")
                .Where(line => line.StartsWith(key, StringComparison.Ordinal))
                .Select(line => double.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0)
                .DefaultIfEmpty(double.NaN)
                .First();
            return (Read("VmRSS:"), Read("VmHWM:"));
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException)
        {
            return (double.NaN, double.NaN);
        }
    }

    /// <summary>The last lines of its log, to say why it did not come up.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException exception)
        {
            return $"(log unreadable: {exception.Message})";
        }
    }

    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
