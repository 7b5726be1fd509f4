using System.Net;
using System.Net.Sockets;

namespace Experiments.EndToEnd.Tests;

/// <summary>What the console shows when something keeps failing: short lines, each warning once, no stack traces, no credentials.</summary>
public sealed class ConsoleOutputTests
{
    [Fact]
    public async Task An_unreachable_mlflow_server_gives_short_deduplicated_warnings_without_stack_traces_or_credentials()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-console", maxTrials: 1, parallel: 1, epochs: 1));
        var environment = new Dictionary<string, string?>
        {
            // A port nobody listens on: every request is refused, again and again.
            ["MLFLOW_TRACKING_URI"] = $"http://alice:s3cret-pw@127.0.0.1:{ClosedPort()}/?token=t0k3n",
        };

        var result = await CliProcess.RunAsync(workspace.Directory, environment, "run", spec, "--device", "cpu");

        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var warnings = lines.Where(line => line.StartsWith("warning: ", StringComparison.Ordinal) || line.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count > 0, $"Expected the refused connections to be logged.{Environment.NewLine}{result.Transcript}");
        Assert.Equal(warnings.Distinct(StringComparer.Ordinal), warnings);
        Assert.All(lines, line => Assert.True(line.Length <= 400, $"Line longer than 400 characters: {line}"));
        Assert.DoesNotContain(lines, line => line.StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret-pw", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("t0k3n", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("warning: ", result.StandardOutput, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
