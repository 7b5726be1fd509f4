using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Experiments.Training;

/// <summary>
/// Loads libtorch once per process and says whether it worked, so hosts can report a missing or
/// unloadable native library as a clear, actionable message rather than a P/Invoke failure mid-trial.
/// </summary>
public static partial class TorchRuntime
{
    private const string Remedy =
        "Remedy: build with -p:TorchBackend=cpu or -p:TorchBackend=cuda so the libtorch package is copied next to the program, " +
        "or set LD_LIBRARY_PATH to a libtorch 2.10 lib folder; on Debian 12/Ubuntu 22.04 run from the build output, where the GLIBCXX fix is applied.";

    private const int MaxReasonLength = 240;

    // Loading native code is process-wide and cannot be undone, so the answer is computed once.
    private static readonly Lazy<(TorchAvailability Availability, Exception? Failure)> Loaded =
        new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads libtorch if needed and reports whether it loaded, the device and CUDA device count.</summary>
    public static TorchAvailability Probe() => Loaded.Value.Availability;

    /// <summary>Throws <see cref="TorchUnavailableException"/> with a one-sentence remedy when libtorch cannot load.</summary>
    public static void EnsureAvailable()
    {
        var (availability, failure) = Loaded.Value;
        if (!availability.IsAvailable)
        {
            var message = $"libtorch could not be loaded: {availability.Reason}. {Remedy}";
            throw failure is null ? new TorchUnavailableException(message) : new TorchUnavailableException(message, failure);
        }
    }

    private static (TorchAvailability, Exception?) Load()
    {
        try
        {
            // Load LibTorchSharp (and through it libtorch) first, the way the runtime resolves it: the
            // loader's own error names the missing file or symbol version. TorchSharp's fallback instead
            // prints a long trace to stdout and copies libtorch out of the NuGet cache next to the
            // program before failing with a generic message.
            NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, searchPath: null);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            return (new TorchAvailability(false, null, 0, Summarize(ex)), ex);
        }

        // Before the first tensor: every process that trains gets the same allocator behaviour.
        NativeHeapTuning.Apply();
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
#pragma warning disable CA1031 // Any failure to load native code means "unavailable"; the reason is reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (new TorchAvailability(false, null, 0, Summarize(ex)), ex);
        }

        var cudaDevices = 0;
        try
        {
            cudaDevices = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
        }
#pragma warning disable CA1031 // A CPU-only libtorch has no CUDA library to load; that just means no GPU.
        catch (Exception)
#pragma warning restore CA1031
        {
            cudaDevices = 0;
        }

        return (new TorchAvailability(true, cudaDevices > 0 ? "cuda" : "cpu", cudaDevices, null), null);
    }

    /// <summary>Reduces a loader exception chain to its one telling line (usually dlerror's text).</summary>
    internal static string Summarize(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.AddRange(current.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var missingVersion = messages.Select(m => MissingVersionPattern().Match(m)).FirstOrDefault(m => m.Success);
        if (missingVersion is not null)
        {
            return $"{missingVersion.Groups["library"].Value} needs {missingVersion.Groups["version"].Value}, which this system's {missingVersion.Groups["provider"].Value} lacks";
        }

        // The runtime probes several paths for LibTorchSharp itself, so "libLibTorchSharp.so: cannot open"
        // is expected noise; a missing dependency (libtorch_cpu.so, ...) is the telling line.
        var missingFiles = messages.Select(m => MissingFilePattern().Match(m)).Where(m => m.Success)
            .Select(m => m.Groups["file"].Value)
            .ToList();
        var missingFile = missingFiles.FirstOrDefault(f => !f.Contains("LibTorchSharp", StringComparison.Ordinal)) ?? missingFiles.FirstOrDefault();
        if (missingFile is not null)
        {
            return $"{missingFile} was not found";
        }

        var reason = messages.LastOrDefault() ?? exception.GetType().Name;
        reason = reason.TrimEnd('.');
        return reason.Length <= MaxReasonLength ? reason : string.Concat(reason.AsSpan(0, MaxReasonLength), "...");
    }

    // dlerror: "/x/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /y/libLibTorchSharp.so)"
    [GeneratedRegex(@"(?<provider>[^/\s:]+): version `(?<version>[^']+)' not found \(required by (?:\S*/)?(?<library>[^/\s)]+)\)")]
    private static partial Regex MissingVersionPattern();

    // dlerror: "libtorch_cpu.so: cannot open shared object file: No such file or directory"
    [GeneratedRegex(@"(?<file>[^/\s:]+\.so[^\s:]*): cannot open shared object file")]
    private static partial Regex MissingFilePattern();
}
