using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Experiments.Bench;

/// <summary>
/// Optuna, the baseline of the sampler benchmarks: bench/optuna/optuna_side.py run with Debian's /usr/bin/python3
/// and python3-optuna (3.1), one JSON request on stdin and one JSON answer on stdout per call.
/// </summary>
internal static class OptunaSide
{
    private const string Python = "/usr/bin/python3";
    private static readonly string Script = Path.Combine("bench", "optuna", "optuna_side.py");

    /// <summary>Optuna's and Python's versions, or a sentence saying why Optuna cannot run.</summary>
    public static (string? Versions, string? Problem) Probe()
    {
        if (!File.Exists(Python) || !File.Exists(Script))
        {
            return (null, $"{Python} or {Script} is missing (run from the repository root)");
        }

        try
        {
            var answer = Call(new JsonObject { ["mode"] = "version" });
            return ($"Optuna {answer["optuna"]} on Python {answer["python"]}", null);
        }
        catch (InvalidOperationException exception)
        {
            return (null, exception.Message + " (install it with: apt-get install -y --no-install-recommends python3-optuna)");
        }
    }

    public static JsonNode Call(JsonObject request)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
        process.StandardInput.Write(request.ToJsonString());
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Optuna's side failed (exit {process.ExitCode}): {error.Result.Trim().Split('\n')[^1]}");
        }

        return JsonNode.Parse(output) ?? throw new InvalidOperationException("Optuna's side printed nothing");
    }

    public static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    public static double[] Doubles(JsonNode node) => node.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    public static string Describe(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
