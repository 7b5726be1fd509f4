using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Experiments.Tracking.Outbox;

/// <summary>
/// The process's outbox: items are appended to a journal in a numbered folder this process holds, and delivered in the
/// background; folders left by processes that stopped with items undelivered are delivered too (and released when
/// empty). <see cref="Start"/> opens it and starts delivery; <see cref="StopAsync"/> delivers for a while, then leaves
/// the rest on disk for the next process (or <c>experiments tracking flush</c>).
/// </summary>
public sealed class TrackingOutbox : ITrackingOutbox, IAsyncDisposable, IDisposable
{
    private readonly IExperimentTracker backend;
    private readonly TrackingOutboxOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly ILoggerFactory loggerFactory;
    private readonly DeliveryHealth health;
    private readonly RunResolver resolver;
    private readonly Lock gate = new();
    private readonly List<(OutboxSlot Slot, OutboxDelivery Delivery, Task Running)> adopted = [];
    private readonly CancellationTokenSource stopping = new();
    private OutboxSlot? slot;
    private OutboxDelivery? own;
    private Task? ownRunning;
    private Exception? openFailure;
    private long dropped;
    private int disposed;
    private string? lastDropReason;

    public TrackingOutbox(IExperimentTracker backend, TrackingOutboxOptions options, string target, ILoggerFactory loggerFactory, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        this.backend = backend;
        this.options = options;
        this.loggerFactory = loggerFactory;
        this.clock = clock ?? TimeProvider.System;
        logger = loggerFactory.CreateLogger<TrackingOutbox>();
        health = new DeliveryHealth(logger, target, this.clock);
        resolver = new RunResolver(backend, this.clock, options.UnknownRunTimeout);
        Root = Path.GetFullPath(options.Directory);
    }

    /// <summary>The outbox root (this process uses one numbered folder in it).</summary>
    public string Root { get; }

    public TrackingOutboxStatus Status
    {
        get
        {
            List<OutboxJournal> journals;
            lock (gate)
            {
                journals = adopted.Select(a => a.Delivery.Journal).ToList();
                if (own is not null)
                {
                    journals.Add(own.Journal);
                }
            }

            return new TrackingOutboxStatus(
                journals.Sum(j => j.PendingCount),
                journals.Sum(j => j.PendingBytes),
                health.Delivered,
                Interlocked.Read(ref dropped),
                health.Rejected,
                slot?.Folder ?? Root,
                health.Target,
                health.LastError ?? (openFailure is null ? null : DeliveryHealth.Describe(openFailure)));
        }
    }

    /// <summary>Opens this process's folder, takes over folders left behind, and starts delivering. Throws when the folder cannot be used.</summary>
    public void Start()
    {
        lock (gate)
        {
            if (own is not null)
            {
                return;
            }

            OpenOwn();
            foreach (var folder in OutboxSlot.Others(Root, slot!.Folder))
            {
                Adopt(folder);
            }
        }
    }

    /// <summary>True once everything queued so far is delivered (or set aside); false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitForDeliveryAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (Status.Pending > 0)
        {
            if (clock.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public async Task<string?> WaitForRunIdAsync(RunReference run, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = clock.GetUtcNow() + timeout;
        string? id;
        while ((id = resolver.Known(run.Key)) is null && clock.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), clock, cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    /// <summary>Delivers for up to <paramref name="drain"/>, then stops; what is left stays on disk for the next process.</summary>
    public async Task StopAsync(TimeSpan drain, CancellationToken cancellationToken = default)
    {
        if (own is null || stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await WaitForDeliveryAsync(drain, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop at once: the journal keeps everything.
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        var tasks = new List<Task>();
        lock (gate)
        {
            tasks.AddRange(adopted.Select(a => a.Running));
            if (ownRunning is not null)
            {
                tasks.Add(ownRunning);
            }
        }

        await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var status = Status;
        if (status.Pending > 0)
        {
            // Information: hosts with a summary (the CLI) say it there; a worker's log shows it.
            logger.LogInformation(
                "{Pending} tracking items were not delivered to {Target}; they are kept in {Folder} and delivered by the next process using it or by 'experiments tracking flush'",
                status.Pending, status.Target, status.Folder);
        }
    }

    /// <summary>For containers disposed synchronously: stops at once, the journal keeps what is undelivered.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        lock (gate)
        {
            foreach (var (adoptedSlot, delivery, _) in adopted)
            {
                delivery.Journal.Dispose();
                adoptedSlot.Dispose();
            }

            adopted.Clear();
            own?.Journal.Dispose();
            slot?.Dispose();
        }

        stopping.Dispose();
    }

    public ValueTask<RunReference> CreateRunAsync(
        string experimentName,
        string runName,
        IReadOnlyDictionary<string, string> tags,
        string? parentRunKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentName);
        var allTags = MlflowTags.ForNewRun(runName, tags, parentRunKey, runKey: null);
        allTags.Remove(MlflowTags.ParentRunId); // set on delivery, to the parent's id in MLflow
        var run = new RunReference(experimentName, Guid.NewGuid().ToString("N"));
        Append(new CreateRunRecord
        {
            ExperimentName = run.ExperimentName,
            RunKey = run.Key,
            RunName = runName,
            Tags = allTags,
            ParentRunKey = parentRunKey,
            StartTimeMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        return ValueTask.FromResult(run);
    }

    public ValueTask LogBatchAsync(
        RunReference run,
        IReadOnlyList<Metric> metrics,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        ValidateRun(run);
        MlflowValidation.ValidateBatch(metrics, parameters, tags);
        if (metrics.Count == 0 && parameters is not { Count: > 0 } && tags is not { Count: > 0 })
        {
            return ValueTask.CompletedTask;
        }

        Append(new LogBatchRecord
        {
            ExperimentName = run.ExperimentName,
            RunKey = run.Key,
            Metrics = metrics.ToList(),
            Params = parameters?.ToDictionary(StringComparer.Ordinal) ?? [],
            Tags = tags?.ToDictionary(StringComparer.Ordinal) ?? [],
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask LogArtifactAsync(RunReference run, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ValidateRun(run);
        MlflowValidation.SplitArtifactPath(artifactPath);
        Append(new LogArtifactRecord { ExperimentName = run.ExperimentName, RunKey = run.Key, Path = artifactPath, Content = content.ToArray() });
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteArtifactAsync(RunReference run, string artifactPath, CancellationToken cancellationToken = default)
    {
        ValidateRun(run);
        MlflowValidation.SplitArtifactPath(artifactPath);
        Append(new DeleteArtifactRecord { ExperimentName = run.ExperimentName, RunKey = run.Key, Path = artifactPath });
        return ValueTask.CompletedTask;
    }

    public ValueTask SetRunStatusAsync(
        RunReference run,
        RunStatus status,
        long? endTimeMs,
        IReadOnlyDictionary<string, string>? tags = null,
        bool onlyIfOpen = false,
        CancellationToken cancellationToken = default)
    {
        ValidateRun(run);
        MlflowValidation.ValidateBatch([], null, tags);
        Append(new SetRunStatusRecord
        {
            ExperimentName = run.ExperimentName,
            RunKey = run.Key,
            Status = status,
            EndTimeMs = endTimeMs,
            OnlyIfOpen = onlyIfOpen,
            Tags = tags?.ToDictionary(StringComparer.Ordinal) ?? [],
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>The backend's id of a run this process has delivered or found (the key itself in the file store); null when not known yet.</summary>
    public string? KnownRunId(string runKey) => resolver.Known(runKey);

    private static void ValidateRun(RunReference run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(run.ExperimentName, nameof(run));
        MlflowValidation.ValidateRunId(run.Key);
    }

    private void Append(OutboxRecord record)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(record, OutboxJson.Options);
        OutboxDelivery delivery;
        try
        {
            delivery = EnsureOpen();
            if (delivery.Journal.PendingBytes + payload.Length > options.MaxBytes)
            {
                Drop($"the outbox holds {delivery.Journal.PendingBytes} bytes, its limit (Tracking:Outbox:MaxBytes)", delivery.Journal.Folder);
                return;
            }

            delivery.Journal.Append(payload);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Drop(DeliveryHealth.Describe(exception), slot?.Folder ?? Root);
            return;
        }

        lastDropReason = null;
        delivery.Notify();
    }

    /// <summary>Lost data is reported once per cause, not once per item.</summary>
    private void Drop(string reason, string folder)
    {
        var count = Interlocked.Increment(ref dropped);
        if (lastDropReason == reason)
        {
            return;
        }

        lastDropReason = reason;
        logger.LogWarning(
            "Tracking data cannot be queued in {Folder} ({Reason}); it is dropped ({Count} items so far) while this lasts; training goes on",
            folder, reason, count);
    }

    private OutboxDelivery EnsureOpen()
    {
        lock (gate)
        {
            if (own is null)
            {
                OpenOwn();
            }

            return own!;
        }
    }

    private void OpenOwn()
    {
        try
        {
            slot ??= OutboxSlot.ClaimFree(Root);
            var journal = OutboxJournal.Open(slot.Folder, options.SegmentBytes, logger);
            own = new OutboxDelivery(journal, resolver, backend, health, options, clock, loggerFactory.CreateLogger<OutboxDelivery>());
            ownRunning = Task.Run(() => own.RunAsync(untilEmpty: false, stopping.Token));
            openFailure = null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            openFailure = exception;
            throw new IOException($"Cannot use the tracking outbox folder {Root}: {DeliveryHealth.Describe(exception)}", exception);
        }
    }

    /// <summary>Delivers a folder a stopped process left behind, then lets it go.</summary>
    private void Adopt(string folder)
    {
        var claimed = OutboxSlot.TryClaim(folder);
        if (claimed is null)
        {
            return; // A running process owns it.
        }

        OutboxJournal journal;
        try
        {
            journal = OutboxJournal.Open(claimed.Folder, options.SegmentBytes, logger);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            claimed.Dispose();
            logger.LogWarning("Tracking outbox {Folder} left by an earlier process cannot be read ({Reason})", folder, DeliveryHealth.Describe(exception));
            return;
        }

        if (journal.PendingCount == 0)
        {
            journal.Dispose();
            claimed.Dispose();
            return;
        }

        logger.LogInformation("Delivering {Pending} tracking items an earlier process left in {Folder}", journal.PendingCount, folder);
        var delivery = new OutboxDelivery(journal, resolver, backend, health, options, clock, loggerFactory.CreateLogger<OutboxDelivery>());
        var running = Task.Run(async () =>
        {
            await delivery.RunAsync(untilEmpty: true, stopping.Token).ConfigureAwait(false);
            lock (gate)
            {
                if (journal.PendingCount == 0)
                {
                    adopted.RemoveAll(a => ReferenceEquals(a.Delivery, delivery));
                    journal.Dispose();
                    claimed.Dispose();
                }
            }
        });
        adopted.Add((claimed, delivery, running));
    }
}
