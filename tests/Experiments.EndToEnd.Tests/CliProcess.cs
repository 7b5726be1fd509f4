using System.Diagnostics;
using System.Text;

namespace Experiments.EndToEnd.Tests;

/// <summary>
/// One running <c>dotnet experiments.dll ...</c> child process in a working folder. Output is read
/// asynchronously so a test can wait for a line while the CLI is still running.
/// </summary>
public sealed class CliProcess : IDisposable
{
    /// <summary>Generous: a few CPU trials take seconds to minutes on a 2-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process, string arguments)
    {
        _process = process;
        Arguments = arguments;
    }

    public string Arguments { get; }

    public int ProcessId => _process.Id;

    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public static CliProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        StartProgram(CliLocator.ExperimentsDll, workingDirectory, environment, arguments);

    /// <summary>Starts another of the project's programs (e.g. the worker host) the same way.</summary>
    public static CliProcess StartProgram(string dll, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The user's or CI's settings must not leak in: tracking goes to ./mlruns and the bus is in-memory unless a test says otherwise.
        startInfo.Environment.Remove("MLFLOW_TRACKING_URI");
        startInfo.Environment.Remove("ConnectionStrings__rabbitmq");
        startInfo.Environment.Remove("ConnectionStrings__redis");
        startInfo.Environment.Remove("EXPERIMENTS_SERVER");
        startInfo.Environment.Remove("EXPERIMENTS_TOKEN");
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var cli = new CliProcess(process, string.Join(' ', arguments));
        process.OutputDataReceived += (_, e) => cli.Append(cli._stdout, cli._stdoutClosed, e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(cli._stderr, cli._stderrClosed, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs the CLI to completion in <paramref name="workingDirectory"/>.</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        using var cli = Start(workingDirectory, environment, arguments);
        return await cli.WaitForExitAsync(DefaultTimeout);
    }

    /// <summary>Waits until stdout satisfies <paramref name="condition"/>; fails if the process exits or time runs out first.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> condition, string description, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(StandardOutput))
        {
            if (_process.HasExited)
            {
                await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
                if (condition(StandardOutput))
                {
                    return;
                }

                Assert.Fail($"The CLI exited before {description}.{Environment.NewLine}{Snapshot(_process.ExitCode).Transcript}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {timeout} for {description}.{Environment.NewLine}{Snapshot(-1).Transcript}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public Task InterruptAsync() => SignalAsync("INT");

    /// <summary>Sends a signal by name (INT, TERM, STOP: frozen, as a hung machine; CONT: thawed).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        })!;
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {ProcessId} failed with exit code {kill.ExitCode}.");
    }

    public async Task<CliResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(timeoutSource.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            var transcript = Snapshot(-1).Transcript;
            Kill();
            Assert.Fail($"The CLI did not exit within {timeout}; killed it.{Environment.NewLine}{transcript}");
        }

        return Snapshot(_process.ExitCode);
    }

    /// <summary>SIGKILL, as when a machine or a container dies: no shutdown code runs.</summary>
    public void KillHard() => Kill();

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string DotnetHost() =>
        // dotnet test sets DOTNET_HOST_PATH to the muxer that runs it; otherwise use the one on PATH.
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private CliResult Snapshot(int exitCode) => new(Arguments, exitCode, StandardOutput, StandardError);

    private void Append(StringBuilder buffer, TaskCompletionSource closed, string? line)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (_gate)
        {
            buffer.AppendLine(line);
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }
}
