using Experiments.Contracts.Workers;
using Experiments.Training;

namespace Experiments.WorkerRuntime;

/// <summary>What this worker's slots train on, from <c>Worker:Device</c> (cpu, cuda) or, when unset, from libtorch.</summary>
public sealed record WorkerDevice(WorkerKind Kind, int DeviceCount, string DeviceName)
{
    /// <summary>Loads libtorch unless the device is set to cpu: only a worker that trains calls this.</summary>
    public static WorkerDevice Resolve(TrialWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.Equals(options.Device, "cpu", StringComparison.OrdinalIgnoreCase))
        {
            return Cpu();
        }

        var cuda = TorchRuntime.Probe().CudaDeviceCount;
        return cuda > 0 ? new WorkerDevice(WorkerKind.Gpu, cuda, GpuName() ?? "CUDA device") : Cpu();
    }

    private static WorkerDevice Cpu() => new(WorkerKind.Cpu, Environment.ProcessorCount, CpuName() ?? "CPU");

    /// <summary>The first GPU's name as the driver reports it (nvidia-smi ships with it); null when it cannot say.</summary>
    private static string? GpuName()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("nvidia-smi", ["--query-gpu=name", "--format=csv,noheader"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var first = process.StandardOutput.ReadLine();
            return process.WaitForExit(5_000) && process.ExitCode == 0 && !string.IsNullOrWhiteSpace(first) ? first.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string? CpuName()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (!File.Exists(CpuInfo))
        {
            return null;
        }

        var line = File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
