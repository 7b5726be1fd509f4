using System.CommandLine;
using Experiments.Cli.Display;
using Experiments.Cli.Embedded;
using Experiments.Hosting;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Experiments.Cli.Commands;

/// <summary>
/// <c>experiments tracking flush</c>: delivers to MLflow what earlier runs left in a state folder's tracking outbox
/// (when MLflow was down as they ended), without running anything else.
/// </summary>
public static class TrackingCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var stateOption = new Option<string>("--state-dir")
        {
            Description = "The state folder of the runs whose tracking data to deliver. Default ./.experiments.",
            DefaultValueFactory = _ => ".experiments",
        }.AcceptPath("a state folder of 'experiments run'");
        var timeoutOption = new Option<int>("--timeout")
        {
            Description = "Seconds to keep trying while MLflow does not answer. Default 300.",
            DefaultValueFactory = _ => 300,
        }.AcceptWholeNumber(1, 7 * 24 * 3600);
        var verboseOption = new Option<bool>("--verbose") { Description = "Log every delivery attempt in full." };
        var flush = new Command("flush", "Deliver tracking data that earlier runs could not send to MLflow, then exit.")
        {
            stateOption, timeoutOption, verboseOption,
        };
        flush.SetAction((parseResult, cancellationToken) => FlushAsync(
            parseResult.GetValue(stateOption)!,
            TimeSpan.FromSeconds(parseResult.GetValue(timeoutOption)),
            parseResult.GetValue(verboseOption),
            output,
            error,
            cancellationToken));
        return new Command("tracking", "Work with the local tracking outbox (MLflow data waiting to be delivered).") { flush };
    }

    public static async Task<int> FlushAsync(string stateDirectory, TimeSpan timeout, bool verbose, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var outboxFolder = EmbeddedNode.TrackingOutboxFolder(stateDirectory);
        if (!Directory.Exists(outboxFolder))
        {
            await output.WriteLineAsync($"Tracking: nothing to deliver; {TrackingSummary.Where(Path.GetFullPath(outboxFolder))} does not exist.");
            return ExitCodes.Success;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{TrackingOutboxOptions.SectionName}:{nameof(TrackingOutboxOptions.Directory)}"] = outboxFolder,
        });
        CliLogging.Configure(builder, verbose);
        builder.Services.AddExperimentTracking(builder.Configuration);
        using var host = builder.Build();
        var outbox = host.Services.GetRequiredService<TrackingOutbox>();
        try
        {
            outbox.Start();
        }
        catch (IOException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return ExitCodes.Failure;
        }

        await using (outbox)
        {
            var waiting = outbox.Status.Pending;
            await output.WriteLineAsync($"Tracking: delivering {waiting} items from {TrackingSummary.Where(Path.GetFullPath(outboxFolder))} to {TrackingSummary.Where(outbox.Status.Target)}.");
            bool delivered;
            try
            {
                delivered = await outbox.WaitForDeliveryAsync(timeout, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await outbox.StopAsync(TimeSpan.Zero, CancellationToken.None);
                await TrackingSummary.WriteAsync(output, outbox.Status, stateDirectory);
                return ExitCodes.Interrupted;
            }

            await outbox.StopAsync(TimeSpan.Zero, CancellationToken.None);
            var status = outbox.Status;
            if (delivered)
            {
                await output.WriteLineAsync($"Tracking: delivered {status.Delivered} items to {TrackingSummary.Where(status.Target)}.");
            }

            await TrackingSummary.WriteAsync(output, status, stateDirectory);
            return delivered ? ExitCodes.Success : ExitCodes.Failure;
        }
    }
}
