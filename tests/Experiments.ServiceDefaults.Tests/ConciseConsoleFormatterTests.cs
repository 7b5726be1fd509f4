using Experiments.ServiceDefaults.Logging;
using Microsoft.Extensions.Logging;

namespace Experiments.ServiceDefaults.Tests;

/// <summary>What the console shows through the real console logger with the concise format.</summary>
public sealed class ConciseConsoleFormatterTests
{
    [Fact]
    public void A_warning_with_an_exception_is_one_short_line_with_the_component_and_the_exception_message_only()
    {
        using var console = new ConsoleCapture();
        var logger = console.Factory.CreateLogger("Experiments.Tracking.MlflowFileStore");

        logger.LogWarning(Thrown(), "Could not write metrics of run {RunId}", "abc123");

        var line = Assert.Single(console.Stop());
        Assert.Equal("warning: MlflowFileStore: Could not write metrics of run abc123: Read-only file system : '/data/mlruns/1/abc123/metrics/elbo'", line);
    }

    [Fact]
    public void A_repeated_warning_is_shown_once_and_the_repeats_are_counted_when_the_host_stops()
    {
        using var console = new ConsoleCapture(options => options.VerboseHint = "run with --verbose to see every one");
        var tracker = console.Factory.CreateLogger("Experiments.Tracking.BestEffortTracker");
        var other = console.Factory.CreateLogger("Experiments.WorkerRuntime.StartTrialConsumer");

        for (var step = 0; step < 20; step++)
        {
            tracker.LogWarning(Thrown(), "Tracking failed for run {RunId} at step {Step}", "r1", step);
        }

        tracker.LogWarning("MLflow is unreachable at {Uri}", "http://mlflow:5000/");
        other.LogWarning("Tracking failed for run {RunId} at step {Step}", "r1", 0);

        Assert.Equal(
            [
                "warning: BestEffortTracker: Tracking failed for run r1 at step 0: Read-only file system : '/data/mlruns/1/abc123/metrics/elbo'",
                "warning: BestEffortTracker: MLflow is unreachable at http://mlflow:5000/",
                "warning: StartTrialConsumer: Tracking failed for run r1 at step 0",
                "19 repeat(s) of warnings shown above were left out; run with --verbose to see every one.",
            ],
            console.Stop());
    }

    [Fact]
    public void Information_is_never_collapsed()
    {
        using var console = new ConsoleCapture();
        var logger = console.Factory.CreateLogger("Experiments.Training.ModelTrainer");

        logger.LogInformation("Epoch {Epoch} done", 1);
        logger.LogInformation("Epoch {Epoch} done", 2);

        Assert.Equal(["info: ModelTrainer: Epoch 1 done", "info: ModelTrainer: Epoch 2 done"], console.Stop());
    }

    [Fact]
    public void Credentials_are_removed_from_urls_in_messages_and_exceptions()
    {
        using var console = new ConsoleCapture();
        var logger = console.Factory.CreateLogger("MassTransit.RabbitMqTransport");

        logger.LogError(
            new InvalidOperationException("Broker amqp://guest:s3cret@rabbit:5672/prod refused the connection"),
            "Connecting to {Broker} and {Tracking} failed",
            "amqp://guest:s3cret@rabbit:5672/prod",
            "https://mlflow.example/api/2.0/mlflow/runs/get?run_id=7&token=abc.def");

        var line = Assert.Single(console.Stop());
        Assert.Equal(
            "error: RabbitMqTransport: Connecting to amqp://***@rabbit:5672/prod and https://mlflow.example/api/2.0/mlflow/runs/get?run_id=7&token=*** failed: " +
            "Broker amqp://***@rabbit:5672/prod refused the connection",
            line);
    }

    [Fact]
    public void A_long_multi_line_message_becomes_one_line_cut_to_the_limit()
    {
        using var console = new ConsoleCapture(options => options.MaxLineLength = 60);
        var logger = console.Factory.CreateLogger("Orleans.Runtime.Silo");

        logger.LogWarning("first line\nsecond line\r\n" + new string('x', 200));

        var line = Assert.Single(console.Stop());
        Assert.Equal(60, line.Length);
        Assert.StartsWith("warning: Silo: first line second line xxx", line, StringComparison.Ordinal);
        Assert.EndsWith("...", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_shows_every_occurrence_with_the_category_and_the_stack_trace_but_no_credentials()
    {
        using var console = new ConsoleCapture(options => options.Verbose = true);
        var logger = console.Factory.CreateLogger("Experiments.Tracking.MlflowRestClient");

        logger.LogWarning(Thrown(), "Request to {Uri} failed", "http://user:pw@mlflow:5000/api?token=t0k3n");
        logger.LogWarning(Thrown(), "Request to {Uri} failed", "http://user:pw@mlflow:5000/api?token=t0k3n");

        var lines = console.Stop();
        var headers = lines.Where(line => line.Contains("warning: Experiments.Tracking.MlflowRestClient[0] Request to http://***@mlflow:5000/api?token=*** failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, headers.Count);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} warning: ", headers[0]);
        Assert.Contains(lines, line => line.TrimStart().StartsWith("at Experiments.ServiceDefaults.Tests.ConciseConsoleFormatterTests.Thrown", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("pw@", StringComparison.Ordinal) || line.Contains("t0k3n", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("left out", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Experiments.Tracking.BestEffortTracker", "BestEffortTracker")]
    [InlineData("Orleans.Runtime.Silo", "Silo")]
    [InlineData("Experiments.Grains.Sweeps.SweepGrain+Timer", "Timer")]
    [InlineData("MassTransit.Transports.Fabric`1", "Fabric")]
    [InlineData("Program", "Program")]
    public void The_component_is_the_last_part_of_the_category(string category, string component) =>
        Assert.Equal(component, ConciseConsoleFormatter.Component(category));

    /// <summary>A real exception with a stack trace, as the console would otherwise print it.</summary>
    private static IOException Thrown()
    {
        try
        {
            throw new IOException("Read-only file system : '/data/mlruns/1/abc123/metrics/elbo'");
        }
        catch (IOException exception)
        {
            return exception;
        }
    }
}
