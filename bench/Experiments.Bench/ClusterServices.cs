using System.Diagnostics;

namespace Experiments.Bench;

/// <summary>
/// Redis and RabbitMQ on this machine, as the README's cluster section runs them: asked first (<c>redis-cli ping</c>,
/// the management API), started with the project's own scripts (deploy/scripts, root, Debian packages) only when they
/// do not answer.
/// </summary>
internal static class ClusterServices
{
    private static readonly string RedisScript = Path.Combine("deploy", "scripts", "start-redis.sh");
    private static readonly string RabbitMqScript = Path.Combine("deploy", "scripts", "start-rabbitmq.sh");

    /// <summary>Null when both answer (after starting them if needed), else a sentence saying what is missing.</summary>
    public static async Task<string?> EnsureRunningAsync(RabbitMqManagement management, TextWriter log)
    {
        if (!await RedisAnswersAsync())
        {
            await log.WriteLineAsync($"[bench] Redis does not answer on 127.0.0.1:6379; running {RedisScript}");
            var failure = await RunScriptAsync(RedisScript);
            if (failure is not null || !await RedisAnswersAsync())
            {
                return $"Redis is not running on 127.0.0.1:6379 and {RedisScript} could not start it{Because(failure)}; run `sudo bash {RedisScript}` from the repository root";
            }
        }

        if (!await management.AnswersAsync())
        {
            await log.WriteLineAsync($"[bench] RabbitMQ's management API does not answer on 127.0.0.1:15672; running {RabbitMqScript}");
            var failure = await RunScriptAsync(RabbitMqScript);
            if (failure is not null || !await management.AnswersAsync())
            {
                return $"RabbitMQ is not running on 127.0.0.1:5672/15672 and {RabbitMqScript} could not start it{Because(failure)}; run `sudo bash {RabbitMqScript}` from the repository root";
            }
        }

        return null;
    }

    private static string Because(string? failure) => failure is null ? string.Empty : $" ({failure})";

    private static async Task<bool> RedisAnswersAsync()
    {
        var (exitCode, output) = await RunAsync("redis-cli", ["-h", "127.0.0.1", "-p", "6379", "ping"]);
        return exitCode == 0 && output.Trim() == "PONG";
    }

    /// <summary>Null when the script succeeded, else its last lines.</summary>
    private static async Task<string?> RunScriptAsync(string script)
    {
        if (!File.Exists(script))
        {
            return $"{script} not found: run from the repository root";
        }

        var (exitCode, output) = await RunAsync("bash", [script]);
        return exitCode == 0 ? null : string.Join(" ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            // Not installed.
            return (-1, exception.Message);
        }
    }
}
