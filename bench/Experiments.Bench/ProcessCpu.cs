using System.Globalization;

namespace Experiments.Bench;

/// <summary>
/// CPU time (user + system) of the processes a cluster benchmark runs on, from /proc/&lt;pid&gt;/stat: the silos, the
/// workers, and the servers they share (Redis, RabbitMQ's Erlang VM, found by their command names). Sampled before
/// and after a sweep, the differences say where its cost went on cores that everything shares.
/// </summary>
internal static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on.

    /// <summary>The servers beside the product's processes, by /proc/&lt;pid&gt;/comm.</summary>
    private static readonly (string Label, string Command)[] Servers = [("redis-server", "redis-server"), ("rabbitmq (beam.smp)", "beam.smp")];

    /// <summary>CPU seconds used so far by each named process; NaN for one that is gone.</summary>
    public static IReadOnlyDictionary<string, double> Sample(IEnumerable<(string Name, int Pid)> processes)
    {
        var sample = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, pid) in processes)
        {
            sample[name] = Seconds(pid);
        }

        foreach (var (label, command) in Servers)
        {
            var pids = FindByCommand(command);
            sample[label] = pids.Count == 0 ? double.NaN : pids.Sum(Seconds);
        }

        return sample;
    }

    /// <summary>After − before per process, in the order of <paramref name="after"/>.</summary>
    public static IReadOnlyList<(string Name, double Seconds)> Difference(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        [.. after.Select(pair => (pair.Key, pair.Value - before.GetValueOrDefault(pair.Key, double.NaN)))];

    private static double Seconds(int pid)
    {
        try
        {
            // Fields after the command (which may hold spaces, so split after its closing parenthesis): utime is the 14th field, stime the 15th.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception exception) when (exception is IOException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }

    private static List<int> FindByCommand(string command)
    {
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == command)
                    {
                        pids.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // Gone between listing and reading.
                }
            }
        }

        return pids;
    }
}
