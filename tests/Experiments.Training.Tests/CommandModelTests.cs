using System.Diagnostics;
using System.Text.Json;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Programs;
using Experiments.Testing;
using Experiments.Training.Models.Command;
using Experiments.Training.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Experiments.Training.Tests;

/// <summary>model: command runs the user's program with the trial's parameters, reads its metric lines, and stops it on cancellation.</summary>
public sealed class CommandModelTests : IDisposable
{
    private static readonly ModelTrainer Trainer = new(NullLogger<ModelTrainer>.Instance);
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Each_line_with_the_objective_is_an_epoch_and_the_last_values_are_the_result()
    {
        var observer = new RecordingObserver();
        var request = Request("""
            echo "starting"
            echo "loss=0.5 accuracy=0.1"
            echo "train_loss=0.9 step=10"
            echo "loss=0.25 accuracy=0.2 epoch=2 step=20"
            echo "loss=0.3 epoch=2"
            """);

        var result = await Trainer.TrainAsync(request, observer, TestContext.Current.CancellationToken);

        Assert.Equal([1, 2], observer.Epochs.Select(e => e.Epoch));
        Assert.Equal([0.5, 0.25], observer.Epochs.Select(e => e.Metrics["loss"]));
        Assert.Contains(observer.Steps, s => s.Step == 10 && s.Metrics["train_loss"] == 0.9);
        Assert.Contains(observer.Steps, s => s.Metrics.TryGetValue("loss", out var repeated) && repeated == 0.3); // epoch 2 again: logged, not scheduled on
        Assert.Equal(2, result.EpochsCompleted);
        Assert.Equal(0.25, result.FinalMetrics["loss"]);
        Assert.Equal(0.2, result.FinalMetrics["accuracy"]);
        var log = System.Text.Encoding.UTF8.GetString(observer.Artifacts[CommandModel.OutputArtifact]);
        Assert.StartsWith("starting\nloss=0.5", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameters_reach_the_program_as_placeholders_a_json_file_and_environment_variables()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__commandtest", "amqp://secret@broker");
        var request = Request(
            """
            printf '%s\n' "$@" > args.txt
            cat "$EXPERIMENTS_PARAMETERS_FILE" > parameters.json
            echo "$EXPERIMENTS_TRIAL_ID|$EXPERIMENTS_ATTEMPT|$EXPERIMENTS_SEED|$EXPERIMENTS_EPOCHS|$EXPERIMENTS_OBJECTIVE|$MLFLOW_RUN_ID|$MLFLOW_TRACKING_URI|$GREETING|$PYTHONUNBUFFERED|${ConnectionStrings__commandtest:-unset}" > environment.txt
            echo loss=1
            """,
            arguments: ["--lr={lr}", "{layers}", "{activation}", "{{literal}}", "{trial_number}"],
            parameters: new()
            {
                ["lr"] = ParameterValue.Float(0.001),
                ["layers"] = ParameterValue.Int(3),
                ["activation"] = ParameterValue.Of("gelu"),
                ["augment"] = ParameterValue.Bool(true),
            }) with
        {
            ProgramContext = new ProgramContext("sweep-0007", 7, 2, "run123", new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = "http://mlflow:5000" }),
            Seed = 42,
        };
        request = request with { Program = request.Program! with { Environment = new Dictionary<string, string> { ["GREETING"] = "hello world" } } };

        await Trainer.TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken);

        Assert.Equal(["--lr=0.001", "3", "gelu", "{literal}", "7"], File.ReadAllLines(Path.Combine(folder.Path, "args.txt")));
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "parameters.json")));
        Assert.Equal(0.001, parameters.RootElement.GetProperty("lr").GetDouble());
        Assert.Equal(3, parameters.RootElement.GetProperty("layers").GetInt64());
        Assert.Equal("gelu", parameters.RootElement.GetProperty("activation").GetString());
        Assert.True(parameters.RootElement.GetProperty("augment").GetBoolean());
        Assert.Equal(
            "sweep-0007|2|42|3|loss|run123|http://mlflow:5000|hello world|1|unset",
            File.ReadAllText(Path.Combine(folder.Path, "environment.txt")).Trim());
    }

    [Fact]
    public async Task The_args_placeholder_passes_each_parameter_the_trial_has_as_a_flag()
    {
        var request = Request(
            """
            printf '%s\n' "$@" > args.txt
            echo loss=1
            """,
            arguments: ["train.py", "{args}", "--epochs", "{epochs}"],
            parameters: new() { ["optimizer"] = ParameterValue.Of("sgd"), ["momentum"] = ParameterValue.Float(0.9), ["lr"] = ParameterValue.Float(0.01) });

        await Trainer.TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken);

        Assert.Equal(["train.py", "--lr=0.01", "--momentum=0.9", "--optimizer=sgd", "--epochs", "3"], File.ReadAllLines(Path.Combine(folder.Path, "args.txt")));
    }

    [Fact]
    public async Task A_failing_programs_exit_code_and_last_output_are_the_reason()
    {
        var request = Request("""
            echo "loss=0.4"
            echo "Traceback: CUDA out of memory" >&2
            exit 3
            """);

        var error = await Assert.ThrowsAsync<ProgramFailedException>(() => Trainer.TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal(3, error.ExitCode);
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("Traceback: CUDA out of memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_never_reports_the_objective_fails_saying_what_to_print()
    {
        var request = Request("echo accuracy=0.9");

        var error = await Assert.ThrowsAsync<ProgramFailedException>(() => Trainer.TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Contains("never reported the objective 'loss' (print a line like 'loss=0.25 epoch=1')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_cannot_start_fails_naming_it()
    {
        var request = Request("echo unused") with { Program = new TrialProgram(["no-such-program-4711", "x"], folder.Path) };

        var error = await Assert.ThrowsAsync<ProgramFailedException>(() => Trainer.TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Contains("could not start 'no-such-program-4711'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relative_program_path_means_the_programs_folder()
    {
        var request = Request("unused") with { Program = new TrialProgram(["./run.sh"], folder.Path) };
        var script = Path.Combine(folder.Path, "run.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho loss=0.125\n", TestContext.Current.CancellationToken);
        Assert.SkipUnless(OperatingSystem.IsLinux(), "programs run on Linux workers");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var result = await Trainer.TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken);

        Assert.Equal(0.125, result.FinalMetrics["loss"]);
    }

    [Fact]
    public async Task Cancellation_sends_SIGTERM_and_the_program_can_stop_cleanly()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var observer = new CancellingObserver(cancellation);
        var request = Request("""
            trap 'echo "stopped at $n" > stopped.txt; exit 143' TERM
            n=0
            while true; do n=$((n+1)); echo "loss=1 epoch=$n"; sleep 0.05; done
            """);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Trainer.TrainAsync(request, observer, cancellation.Token));

        Assert.StartsWith("stopped at", File.ReadAllText(Path.Combine(folder.Path, "stopped.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var request = Request("""
            trap '' TERM
            echo $$ > pid.txt
            while true; do echo "loss=1"; sleep 0.05; done
            """);
        request = request with { Program = request.Program! with { StopGracePeriod = TimeSpan.FromMilliseconds(300) } };
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Trainer.TrainAsync(request, new CancellingObserver(cancellation), cancellation.Token));

        var pid = int.Parse(File.ReadAllText(Path.Combine(folder.Path, "pid.txt")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} still exists after SIGKILL");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"stopping took {watch.Elapsed}");
    }

    /// <summary>A trial of a shell script written to the test's folder, reporting <c>loss</c> over 3 epochs.</summary>
    private TrainingRequest Request(string script, IReadOnlyList<string>? arguments = null, Dictionary<string, ParameterValue>? parameters = null)
    {
        File.WriteAllText(Path.Combine(folder.Path, "train.sh"), script.ReplaceLineEndings("\n") + "\n");
        return new TrainingRequest("command", string.Empty, parameters ?? [], Epochs: 3, Seed: 1)
        {
            ObjectiveMetric = "loss",
            Program = new TrialProgram(["sh", "train.sh", .. arguments ?? []], folder.Path),
        };
    }

    /// <summary>Cancels the trial once its first epoch is reported: the program is surely running by then.</summary>
    private sealed class CancellingObserver(CancellationTokenSource cancellation) : ITrainingObserver
    {
        public ValueTask OnStepAsync(long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken) => Cancel();

        public ValueTask OnEpochAsync(int epoch, long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken) => Cancel();

        public ValueTask OnArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnArtifactDeletedAsync(string path, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnResumedAsync(string checkpoint, int epoch, long step, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnStageAsync(int stage, string name, int epoch, long step, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        private ValueTask Cancel()
        {
            cancellation.Cancel();
            return ValueTask.CompletedTask;
        }
    }
}
