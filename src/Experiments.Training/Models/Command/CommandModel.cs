using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Programs;
using Experiments.Training.Engine;

namespace Experiments.Training.Models.Command;

/// <summary>
/// <c>model: command</c>: runs the user's own training program per trial, as W&amp;B Sweeps, Katib and Determined do.
/// Parameters reach it as <c>{name}</c> placeholders in its arguments, as a JSON file and through environment
/// variables, with <c>MLFLOW_TRACKING_URI</c> and <c>MLFLOW_RUN_ID</c> so its own MLflow logging lands in the trial's
/// run. Its standard output reports metrics (<see cref="MetricLine"/>): each line with the objective is one epoch's
/// result for the scheduler. Cancellation sends SIGTERM, then SIGKILL after the spec's grace period. Workers run it
/// only when their configuration allows user programs.
/// </summary>
internal sealed class CommandModel : IComputedModel
{
    public const string Name = "command";
    public const string OutputArtifact = "output.log";

    public ModelDescriptor Descriptor { get; } = new(
        Name,
        "Your own training program, started per trial with the trial's parameters; it reports metrics as 'name=value' lines on standard output (docs/models.md).",
        [],
        [],
        [])
    {
        RunsUserProgram = true,
    };

    public async Task<TrainingResult> RunAsync(
        TrainingRequest request, IReadOnlyDictionary<string, ParameterValue> hyperparameters, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var program = request.Program ?? throw new TrainingParameterException("Model 'command' needs the program to run (the spec's 'command:').") { ParameterName = "command" };
        var objective = request.ObjectiveMetric ?? throw new TrainingParameterException("Model 'command' needs the objective metric the program reports.") { ParameterName = "objective" };
        if (!Directory.Exists(program.WorkingDirectory))
        {
            throw new ProgramFailedException($"the program's folder '{program.WorkingDirectory}' does not exist on this worker ({Environment.MachineName}).");
        }

        var scratch = Directory.CreateTempSubdirectory("experiments-trial-");
        try
        {
            var parametersFile = Path.Combine(scratch.FullName, "parameters.json");
            await File.WriteAllBytesAsync(parametersFile, ParametersJson(hyperparameters), cancellationToken).ConfigureAwait(false);
            var values = PlaceholderValues(request, hyperparameters, parametersFile);
            var arguments = Arguments(program, hyperparameters, values);
            var output = new ProgramOutput();
            try
            {
                return await RunProgramAsync(program, arguments, ProgramEnvironment(request, program, values), objective, output, observer, watch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await observer.OnArtifactAsync(OutputArtifact, output.ToLogFile(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                scratch.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file the program left open elsewhere; the temp folder is the system's to clean.
            }
        }
    }

    private static async Task<TrainingResult> RunProgramAsync(
        TrialProgram program,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string objective,
        ProgramOutput output,
        ITrainingObserver observer,
        Stopwatch watch,
        CancellationToken cancellationToken)
    {
        using var process = Start(program, arguments, environment);
        var errors = PumpAsync(process.StandardError, output);
        var reports = new ReportedMetrics(objective, observer);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                output.Add(line);
                if (MetricLine.TryParse(line) is { } metrics)
                {
                    await reports.AddAsync(metrics, cancellationToken).ConfigureAwait(false);
                }
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync(process, program.StopGracePeriod).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            // Standard error closes with the program; a child still holding it open is not waited for long.
            await Task.WhenAny(errors, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        }

        if (process.ExitCode != 0)
        {
            var signal = UnixSignals.DescribeExitCode(process.ExitCode) is { } described ? $" ({described})" : string.Empty;
            throw new ProgramFailedException($"the program exited with code {process.ExitCode}{signal}; its last output:\n{output.Tail()}") { ExitCode = process.ExitCode };
        }

        return reports.Result(watch.Elapsed) ?? throw new ProgramFailedException(
            $"the program exited with code 0 but never reported the objective '{objective}' (print a line like '{objective}=0.25 epoch=1'); its last output:\n{output.Tail()}")
        {
            ExitCode = 0,
        };
    }

    private static Process Start(TrialProgram program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var executable = arguments[0];
        if (executable.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(executable))
        {
            // ./train.sh means the program's folder, not the worker's.
            executable = Path.GetFullPath(executable, program.WorkingDirectory);
        }

        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = program.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // The worker's broker and store credentials are not the program's business.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        try
        {
            var process = Process.Start(start) ?? throw new ProgramFailedException($"could not start '{arguments[0]}'.");
            process.StandardInput.Close();
            return process;
        }
        catch (Win32Exception exception)
        {
            throw new ProgramFailedException($"could not start '{arguments[0]}' in '{program.WorkingDirectory}': {exception.Message}.", exception);
        }
    }

    /// <summary>SIGTERM, then SIGKILL for the whole process tree once the grace period is over.</summary>
    private static async Task StopAsync(Process process, TimeSpan gracePeriod)
    {
        if (process.HasExited)
        {
            return;
        }

        if (UnixSignals.Terminate(process.Id))
        {
            using var grace = new CancellationTokenSource(gracePeriod);
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time.
            }
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task PumpAsync(StreamReader reader, ProgramOutput output)
    {
        while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            output.Add(line);
        }
    }

    /// <summary>The command line with its placeholders filled in; <c>{args}</c> alone becomes one argument per parameter.</summary>
    private static List<string> Arguments(TrialProgram program, IReadOnlyDictionary<string, ParameterValue> hyperparameters, Dictionary<string, string> values)
    {
        var flags = hyperparameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"--{p.Key}={p.Value.AsText()}").ToList();
        var arguments = new List<string>();
        foreach (var argument in program.Arguments)
        {
            if (argument == "{" + ProgramPlaceholders.AllParameters + "}" && !hyperparameters.ContainsKey(ProgramPlaceholders.AllParameters))
            {
                arguments.AddRange(flags);
                continue;
            }

            arguments.Add(ProgramPlaceholders.Expand(argument, name => name == ProgramPlaceholders.AllParameters && !values.ContainsKey(name)
                ? string.Join(' ', flags)
                : values.GetValueOrDefault(name, string.Empty)));
        }

        return arguments;
    }

    private static Dictionary<string, string> PlaceholderValues(TrainingRequest request, IReadOnlyDictionary<string, ParameterValue> hyperparameters, string parametersFile)
    {
        var context = request.ProgramContext;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["trial_id"] = context?.TrialId ?? string.Empty,
            ["trial_number"] = context?.TrialNumber.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            ["attempt"] = context?.Attempt.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            ["seed"] = request.Seed.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = request.Epochs.ToString(CultureInfo.InvariantCulture),
            ["dataset"] = request.Dataset,
            ["parameters_file"] = parametersFile,
            ["run_id"] = context?.RunId ?? string.Empty,
            ["tracking_uri"] = context?.TrackingUri ?? string.Empty,
        };

        // A parameter named like a built-in placeholder is what the spec means by it.
        foreach (var (name, value) in hyperparameters)
        {
            values[name] = value.AsText();
        }

        return values;
    }

    private static Dictionary<string, string> ProgramEnvironment(TrainingRequest request, TrialProgram program, Dictionary<string, string> values)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Python buffers a piped stdout: metrics would arrive only at exit, too late for early stopping.
            ["PYTHONUNBUFFERED"] = "1",
        };
        foreach (var (name, value) in program.Environment)
        {
            environment[name] = value;
        }

        environment["EXPERIMENTS_TRIAL_ID"] = values["trial_id"];
        environment["EXPERIMENTS_TRIAL_NUMBER"] = values["trial_number"];
        environment["EXPERIMENTS_ATTEMPT"] = values["attempt"];
        environment["EXPERIMENTS_SEED"] = request.Seed.ToString(CultureInfo.InvariantCulture);
        environment["EXPERIMENTS_EPOCHS"] = request.Epochs.ToString(CultureInfo.InvariantCulture);
        environment["EXPERIMENTS_DATASET"] = request.Dataset;
        environment["EXPERIMENTS_OBJECTIVE"] = request.ObjectiveMetric ?? string.Empty;
        environment["EXPERIMENTS_PARAMETERS_FILE"] = values["parameters_file"];
        if (request.ProgramContext is { } context)
        {
            foreach (var (name, value) in context.TrackingEnvironment)
            {
                environment[name] = value;
            }

            if (context.RunId is { } runId)
            {
                environment["MLFLOW_RUN_ID"] = runId;
            }
        }

        return environment;
    }

    private static byte[] ParametersJson(IReadOnlyDictionary<string, ParameterValue> hyperparameters)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach (var (name, value) in hyperparameters)
            {
                switch (value.Kind)
                {
                    case ParameterKind.Int:
                        json.WriteNumber(name, (long)value.Number);
                        break;
                    case ParameterKind.Float:
                        json.WriteNumber(name, value.Number);
                        break;
                    case ParameterKind.Bool:
                        json.WriteBoolean(name, value.AsBool());
                        break;
                    default:
                        json.WriteString(name, value.AsText());
                        break;
                }
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
