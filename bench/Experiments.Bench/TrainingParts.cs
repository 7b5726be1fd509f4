using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Bench;

/// <summary>
/// Runs one part of a training benchmark (baseline or product) in a child process of this program, once the machine
/// is quiet, so the RSS of one part never includes the other's allocator caches; the child writes its result as JSON.
/// </summary>
internal static class TrainingParts
{
    public static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The part's result, or null when the child failed (its exit code is reported).</summary>
    public static async Task<TrainingPartResult?> RunAsync(string benchmark, string part, BenchOptions options, params string[] extraArguments)
    {
        var (load, quiet) = Machine.WaitForQuiet(options.LoadThreshold, options.MaxWait, Console.Error);
        var resultFile = Path.Combine(Path.GetTempPath(), $"bench-{part}-{Guid.NewGuid():N}.json");
        try
        {
            var exit = await ChildProcess.RunSelfAsync(
            [
                benchmark, "--part", part, "--result-file", resultFile,
                "--threads", options.Threads.ToString(CultureInfo.InvariantCulture),
                "--min-steps", options.MinSteps.ToString(CultureInfo.InvariantCulture),
                "--warmup-steps", options.WarmupSteps.ToString(CultureInfo.InvariantCulture),
                .. extraArguments,
            ]);
            if (exit != 0)
            {
                await Console.Error.WriteLineAsync($"[bench] {benchmark} {string.Join(' ', extraArguments)} {part} part failed with exit code {exit}");
                return null;
            }

            var measured = JsonSerializer.Deserialize<TrainingPartResult>(await File.ReadAllTextAsync(resultFile), Json)!;
            return measured with { LoadAverage = load, Quiet = quiet };
        }
        finally
        {
            File.Delete(resultFile);
        }
    }

    /// <summary>In the child: writes the part's result where the parent reads it.</summary>
    public static Task WriteAsync(BenchOptions options, TrainingPartResult result) =>
        File.WriteAllTextAsync(options.ResultFile!, JsonSerializer.Serialize(result, Json));
}
