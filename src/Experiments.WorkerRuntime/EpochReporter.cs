using Experiments.Contracts.Trials;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;

namespace Experiments.WorkerRuntime;

/// <summary>
/// Sends an attempt's finished epochs (a TrialProgressed to the control plane, the epoch metrics to MLflow through
/// the outbox) in the background, so training goes on while a report travels. Epochs that end while the previous
/// send is under way go together in the next one: one message and one outbox record per batch when epochs are fast,
/// one per epoch when they are slow, and no added delay either way. Order is kept. A send that fails is thrown at
/// the next epoch or at <see cref="FlushAsync"/>, as it was when each epoch waited for its own report.
/// </summary>
internal sealed class EpochReporter(
    Func<TrialProgressed, CancellationToken, Task> report,
    ITrackingOutbox tracking,
    RunReference run,
    string trialId,
    int attempt)
{
    /// <summary>Epochs per message at most, so a long backlog (a broker that was slow) goes in messages of bounded size.</summary>
    public const int MaxEpochsPerReport = 500;

    /// <summary>Epochs queued beyond which training waits for the sends to catch up (memory stays bounded).</summary>
    public const int MaxQueuedEpochs = 10_000;

    private readonly Lock gate = new();
    private readonly List<(EpochReport Report, IReadOnlyList<Metric> Points)> queued = [];
    private Task sending = Task.CompletedTask;
    private bool isSending;
    private Exception? failure;

    public async ValueTask EnqueueAsync(EpochReport epoch, IReadOnlyList<Metric> points, CancellationToken cancellationToken)
    {
        Task backlog;
        lock (gate)
        {
            ThrowIfFailedLocked();
            queued.Add((epoch, points));
            if (!isSending)
            {
                isSending = true;
                sending = Task.Run(SendQueuedAsync, CancellationToken.None);
            }

            backlog = queued.Count >= MaxQueuedEpochs ? sending : Task.CompletedTask;
        }

        await backlog.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until every queued epoch is sent; throws what a send failed with.</summary>
    public async Task FlushAsync()
    {
        while (true)
        {
            Task current;
            lock (gate)
            {
                ThrowIfFailedLocked();
                if (!isSending)
                {
                    return;
                }

                current = sending;
            }

            await current.ConfigureAwait(false);
        }
    }

    /// <summary>Throws what a send failed with, if one did.</summary>
    public void ThrowIfFailed()
    {
        lock (gate)
        {
            ThrowIfFailedLocked();
        }
    }

    private void ThrowIfFailedLocked()
    {
        if (failure is not null)
        {
            throw new InvalidOperationException($"Reporting epochs of trial {trialId} attempt {attempt} failed: {failure.Message}", failure);
        }
    }

    private async Task SendQueuedAsync()
    {
        while (true)
        {
            List<(EpochReport Report, IReadOnlyList<Metric> Points)> batch;
            lock (gate)
            {
                if (queued.Count == 0)
                {
                    isSending = false;
                    return;
                }

                batch = queued.GetRange(0, Math.Min(MaxEpochsPerReport, queued.Count));
                queued.RemoveRange(0, batch.Count);
            }

            try
            {
                // MLflow first (a local append), then the control plane: a scheduler never acts on an epoch MLflow will not show.
                await tracking.LogBatchAsync(run, [.. batch.SelectMany(e => e.Points)], null, null, CancellationToken.None).ConfigureAwait(false);
                await report(new TrialProgressed(trialId, attempt, [.. batch.Select(e => e.Report)]), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                lock (gate)
                {
                    failure = exception;
                    queued.Clear();
                    isSending = false;
                }

                return;
            }
        }
    }
}
