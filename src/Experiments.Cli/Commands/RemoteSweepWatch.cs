using Experiments.Cli.Display;
using Experiments.Cli.Remote;

namespace Experiments.Cli.Commands;

/// <summary>
/// Follows a sweep on a cluster with the same live table (or progress lines) as <c>experiments run</c> until it
/// finishes, then shows its leaderboard; exits as <c>run</c> does: 0 completed, 1 failed or interrupted, 130 when
/// Ctrl-C stops the watching (the sweep goes on). A server that stops answering for a while is waited for.
/// </summary>
public sealed class RemoteSweepWatch(ExperimentsApiClient client, TextWriter output, TextWriter error)
{
    /// <summary>Each poll reads the sweep and every page of its trials: once a second is live enough and spares the silo.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a server that stops answering (a silo restarting) is waited for before watching gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    public async Task<int> RunAsync(Guid sweepId, CancellationToken cancellationToken)
    {
        var server = client.Connection.Display;
        var sweep = await PatientlyAsync(token => client.GetSweepAsync(sweepId, token), cancellationToken);
        var console = CliConsole.Create(output);
        var done = RemoteFormatting.Finished(sweep.Trials);
        await output.WriteLineAsync(
            $"Sweep {sweepId:N} of '{sweep.Experiment}' on {server}: {sweep.Status}, {done} of {sweep.MaxTrials} trials finished " +
            $"({sweep.Model} on {DatasetText(sweep.Dataset)}, {sweep.Parallel} in parallel).");
        if (sweep.Status == StatusNames.Running)
        {
            try
            {
                await CliConsole.Progress(console, output, TimeProvider.System, PollInterval).RunAsync(PollAsync, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await output.WriteLineAsync($"Stopped watching; sweep {sweepId:N} goes on on {server}. Stop it with: experiments stop {RemoteFormatting.ShortId(sweepId)}");
                return ExitCodes.Interrupted;
            }
        }

        sweep = await PatientlyAsync(token => client.GetSweepAsync(sweepId, token), cancellationToken);
        var view = RemoteViews.Of(sweep, await PatientlyAsync(token => client.GetAllTrialsAsync(sweepId, token), cancellationToken));
        await SweepResults.WriteAsync(console, output, view, runLabel: null, TrackingHint(sweep));
        if (sweep.StorageFailure is { } storageFailure)
        {
            await error.WriteLineAsync($"Sweep stopped, running trials KILLED: {storageFailure}; once the silo can save its state again, resume it with: experiments resume {sweepId:N}");
            return ExitCodes.Failure;
        }

        if (view.Status != StatusNames.Completed)
        {
            await output.WriteLineAsync($"Sweep {view.Status}: {view.Reason}");
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;

        Task<SweepView> PollAsync(CancellationToken token) => PatientlyAsync(
            async attempt => RemoteViews.Of(await client.GetSweepAsync(sweepId, attempt), await client.GetAllTrialsAsync(sweepId, attempt)),
            token);
    }

    /// <summary>
    /// Calls the server until it answers, through failures a silo restart or a proxy hiccup causes (said once, then
    /// "answers again"), for up to <see cref="Patience"/>; a refused token or an unknown sweep fails at once.
    /// </summary>
    public async Task<T> PatientlyAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        long? failingSince = null;
        while (true)
        {
            try
            {
                var answer = await call(cancellationToken);
                if (failingSince is not null)
                {
                    await error.WriteLineAsync($"{client.Connection.Display} answers again.");
                }

                return answer;
            }
            catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                if (failingSince is { } since && TimeProvider.System.GetElapsedTime(since) > Patience)
                {
                    throw;
                }

                if (failingSince is null)
                {
                    failingSince = TimeProvider.System.GetTimestamp();
                    await error.WriteLineAsync($"{RemoteFailures.Describe(exception, client.Connection)?.Message}; still trying.");
                }

                await Task.Delay(RetryInterval, cancellationToken);
            }
        }
    }

    /// <summary>Where the sweep's runs are: the silo's MLflow, which this client does not know the address of.</summary>
    private static string TrackingHint(Contracts.Api.SweepDetail sweep) =>
        sweep.ParentRunKey is { } parent
            ? $"In MLflow: experiment '{sweep.Experiment}', parent run {parent}."
            : $"In MLflow: experiment '{sweep.Experiment}'.";

    private static string DatasetText(string dataset) => dataset.Length == 0 ? "no data set" : dataset;

    /// <summary>Failures a silo restart or a proxy hiccup causes, worth waiting out; a refused token or an unknown sweep is not.</summary>
    private static bool IsTransient(Exception exception) => exception switch
    {
        HttpRequestException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        ApiProblemException { Problem.Status: System.Net.HttpStatusCode.BadGateway or System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    };
}
