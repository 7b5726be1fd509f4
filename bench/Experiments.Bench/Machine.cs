using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Experiments.Bench;

/// <summary>What the numbers were measured on, process memory, and the "quiet machine" rule.</summary>
internal static class Machine
{
    private const double MiB = 1024.0 * 1024.0;

    /// <summary>Resident set size of this process (VmRSS of /proc/self/status) in MiB.</summary>
    public static double RssMiB() => ReadStatusKiB("VmRSS:") / 1024.0;

    /// <summary>Peak resident set size of this process (VmHWM) in MiB.</summary>
    public static double PeakRssMiB() => ReadStatusKiB("VmHWM:") / 1024.0;

    /// <summary>The 1-minute load average from /proc/loadavg (as `uptime` shows it).</summary>
    public static double LoadAverage1()
    {
        var text = File.ReadAllText("/proc/loadavg");
        return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public static string Describe(int torchThreads)
    {
        var totalGiB = ReadMemInfoKiB("MemTotal:") * 1024.0 / MiB / 1024.0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({CpuModel()}), {totalGiB:F1} GiB RAM, {OsName()}, .NET {Environment.Version}, torch threads {torchThreads}, no GPU used (device cpu)");
    }

    /// <summary>
    /// Waits until the 1-minute load average is below <paramref name="threshold"/>, polling every 20 s,
    /// and gives up after <paramref name="maxWait"/>. Returns the load average when measuring starts and
    /// whether the machine was quiet.
    /// </summary>
    public static (double Load, bool Quiet) WaitForQuiet(double threshold, TimeSpan maxWait, TextWriter log)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var load = LoadAverage1();
            if (load < threshold)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] load average {load:F2} < {threshold:F1}: measuring"));
                return (load, true);
            }

            if (watch.Elapsed >= maxWait)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] load average still {load:F2} after {watch.Elapsed.TotalMinutes:F1} min: measuring anyway (recorded)"));
                return (load, false);
            }

            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] load average {load:F2} >= {threshold:F1}; waiting 20 s ({watch.Elapsed.TotalMinutes:F1} of {maxWait.TotalMinutes:F0} min)"));
            Thread.Sleep(TimeSpan.FromSeconds(20));
        }
    }

    private static double ReadStatusKiB(string key) => ReadKiB("/proc/self/status", key);

    private static double ReadMemInfoKiB(string key) => ReadKiB("/proc/meminfo", key);

    private static double ReadKiB(string file, string key)
    {
        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return double.Parse(parts[0], CultureInfo.InvariantCulture);
            }
        }

        return double.NaN;
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string OsName()
    {
        try
        {
            var line = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            if (line is not null)
            {
                return line["PRETTY_NAME=".Length..].Trim('"');
            }
        }
        catch (IOException)
        {
        }

        return RuntimeInformation.OSDescription;
    }
}
