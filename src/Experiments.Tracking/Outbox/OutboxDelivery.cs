using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Experiments.Tracking.Outbox;

/// <summary>
/// Delivers one journal's records to the backend in order. Consecutive log-batch records of a run are merged into
/// one call within MLflow's batch limits. A call that fails for a reason that may pass (MLflow down, a full or
/// read-only disk) is retried with capped exponential back-off for as long as it takes; a call MLflow refuses for
/// good is set aside in <c>rejected.jsonl</c> so it cannot block the records behind it.
/// </summary>
internal sealed class OutboxDelivery
{
    private const int MaxRecordsPerRead = 256;
    private const long MaxBytesPerRead = 8L << 20;
    private const string RejectedFileName = "rejected.jsonl";

    // One log-batch request: MLflow's limits, and a body well under its 1 MB.
    private const int MaxMetricsPerCall = 1000;
    private const int MaxParamsPerCall = 100;
    private const int MaxTagsPerCall = 100;
    private const int MaxEntitiesPerCall = 1000;
    private const long MaxApproximateBytesPerCall = 512 * 1024;

    private readonly OutboxJournal journal;
    private readonly RunResolver resolver;
    private readonly IExperimentTracker backend;
    private readonly DeliveryHealth health;
    private readonly ILogger logger;
    private readonly ResiliencePipeline retry;
    private readonly SemaphoreSlim wakeUp = new(0, 1);

    public OutboxDelivery(
        OutboxJournal journal,
        RunResolver resolver,
        IExperimentTracker backend,
        DeliveryHealth health,
        TrackingOutboxOptions options,
        TimeProvider clock,
        ILogger logger)
    {
        this.journal = journal;
        this.resolver = resolver;
        this.backend = backend;
        this.health = health;
        this.logger = logger;
        retry = new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                // Being stopped is not an outage: it ends the retries (the journal keeps the item).
                ShouldHandle = arguments => ValueTask.FromResult(
                    !arguments.Context.CancellationToken.IsCancellationRequested && arguments.Outcome.Exception is { } exception && IsWorthRetrying(exception)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = arguments =>
                {
                    health.OnFailure(arguments.Outcome.Exception!, journal.Folder, journal.PendingCount);
                    return default;
                },
            })
            .Build();
    }

    public OutboxJournal Journal => journal;

    /// <summary>New records were appended: deliver them without waiting for the next poll.</summary>
    public void Notify()
    {
        try
        {
            wakeUp.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Delivers until stopped; with <paramref name="untilEmpty"/>, returns once the journal is empty.</summary>
    public async Task RunAsync(bool untilEmpty, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            IReadOnlyList<JournalEntry> entries;
            try
            {
                entries = journal.Read(MaxRecordsPerRead, MaxBytesPerRead);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Tracking outbox {Folder} cannot be read ({Reason}); trying again", journal.Folder, DeliveryHealth.Describe(exception));
                await Task.Delay(TimeSpan.FromSeconds(5), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (entries.Count == 0)
            {
                if (untilEmpty)
                {
                    return;
                }

                try
                {
                    await wakeUp.WaitAsync(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            if (!await DeliverAsync(entries, stopping).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Delivers <paramref name="entries"/> in order; false when stopped part-way.</summary>
    private async Task<bool> DeliverAsync(IReadOnlyList<JournalEntry> entries, CancellationToken stopping)
    {
        var records = entries.Select(Deserialize).ToList();
        var index = 0;
        while (index < records.Count)
        {
            var (unit, count) = Plan(records, index);
            var bytes = entries.Skip(index).Take(count).Sum(entry => entry.Size);
            if (unit is not null && count == 1)
            {
                if (!await TrySendOrSetAsideAsync(unit, [entries[index]], stopping).ConfigureAwait(false))
                {
                    return false;
                }
            }
            else if (unit is not null)
            {
                try
                {
                    await SendWithRetriesAsync(unit, count, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return false;
                }
                catch (Exception exception)
                {
                    // One refused item must not take the items merged with it down too: send them one by one.
                    logger.LogDebug(exception, "A merged tracking call was refused; sending its {Count} items one by one", count);
                    for (var single = index; single < index + count; single++)
                    {
                        if (records[single] is { } record && !await TrySendOrSetAsideAsync(record, [entries[single]], stopping).ConfigureAwait(false))
                        {
                            return false;
                        }
                    }
                }
            }

            journal.Advance(entries[index + count - 1].Next, count, bytes);
            index += count;
        }

        return true;
    }

    private async Task SendWithRetriesAsync(OutboxRecord unit, int count, CancellationToken stopping)
    {
        await retry.ExecuteAsync(async token => await SendAsync(unit, token).ConfigureAwait(false), stopping).ConfigureAwait(false);
        health.OnDelivered(count);
    }

    /// <summary>False when stopped; a refused record is set aside.</summary>
    private async Task<bool> TrySendOrSetAsideAsync(OutboxRecord record, IReadOnlyList<JournalEntry> entries, CancellationToken stopping)
    {
        try
        {
            await SendWithRetriesAsync(record, 1, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception)
        {
            SetAside(entries, record, exception);
        }

        return true;
    }

    private static bool IsWorthRetrying(Exception exception) =>
        exception is RunNotFoundYetException { GivenUp: false } || (exception is not RunNotFoundYetException && TrackingFailure.IsTransient(exception));

    private async Task SendAsync(OutboxRecord record, CancellationToken cancellationToken)
    {
        switch (record)
        {
            case CreateRunRecord create:
                await CreateRunAsync(create, cancellationToken).ConfigureAwait(false);
                break;
            case LogBatchRecord batch:
                var runId = await resolver.RequireRunAsync(batch.Run, cancellationToken).ConfigureAwait(false);
                await backend.LogBatchAsync(runId, batch.Metrics, batch.Params, batch.Tags, cancellationToken).ConfigureAwait(false);
                break;
            case LogArtifactRecord artifact:
                var artifactRunId = await resolver.RequireRunAsync(artifact.Run, cancellationToken).ConfigureAwait(false);
                await backend.LogArtifactAsync(artifactRunId, artifact.Path, artifact.Content, cancellationToken).ConfigureAwait(false);
                break;
            case DeleteArtifactRecord deletion:
                var deletionRunId = await resolver.RequireRunAsync(deletion.Run, cancellationToken).ConfigureAwait(false);
                await backend.DeleteArtifactAsync(deletionRunId, deletion.Path, cancellationToken).ConfigureAwait(false);
                break;
            case SetRunStatusRecord status:
                await SetRunStatusAsync(status, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new NotSupportedException($"Unknown outbox record {record.GetType().Name}.");
        }
    }

    /// <summary>Idempotent: a run created by an earlier attempt (whose answer was lost) is found by its key, not created twice.</summary>
    private async Task CreateRunAsync(CreateRunRecord create, CancellationToken cancellationToken)
    {
        var experimentId = await resolver.ExperimentIdAsync(create.ExperimentName, cancellationToken).ConfigureAwait(false);
        if (await backend.FindRunByKeyAsync(experimentId, create.RunKey, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            resolver.Remember(create.RunKey, existing);
            return;
        }

        var tags = new Dictionary<string, string>(create.Tags, StringComparer.Ordinal);
        string? parentRunId = null;
        if (create.ParentRunKey is { } parentKey)
        {
            // The parent may come from another process's outbox: wait for it a while, then create the child without the link.
            tags[OutboxTags.ParentRunKey] = parentKey;
            var parent = new RunReference(create.ExperimentName, parentKey);
            parentRunId = await resolver.TryFindRunAsync(parent, cancellationToken).ConfigureAwait(false);
            if (parentRunId is null && !resolver.HasWaitedLongEnough(parentKey))
            {
                throw new RunNotFoundYetException(parent, givenUp: false);
            }
        }

        var runId = await backend.CreateRunAsync(experimentId, create.RunName, tags, parentRunId, create.RunKey, create.StartTimeMs, cancellationToken).ConfigureAwait(false);
        resolver.Remember(create.RunKey, runId);
    }

    private async Task SetRunStatusAsync(SetRunStatusRecord close, CancellationToken cancellationToken)
    {
        string runId;
        if (close.OnlyIfOpen)
        {
            var found = await resolver.TryFindRunAsync(close.Run, cancellationToken).ConfigureAwait(false);
            var run = found is null ? null : await backend.GetRunAsync(found, cancellationToken).ConfigureAwait(false);
            if (run is null || run.Status is not (RunStatus.Running or RunStatus.Scheduled))
            {
                return;
            }

            runId = found!;
        }
        else
        {
            runId = await resolver.RequireRunAsync(close.Run, cancellationToken).ConfigureAwait(false);
        }

        if (close.Tags.Count > 0)
        {
            await backend.LogBatchAsync(runId, [], null, close.Tags, cancellationToken).ConfigureAwait(false);
        }

        await backend.UpdateRunStatusAsync(runId, close.Status, close.EndTimeMs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The call for the records from <paramref name="start"/> on, and how many records it covers: consecutive log-batch
    /// records of one run become one call as long as it stays within one MLflow request.
    /// </summary>
    private static (OutboxRecord? Unit, int Count) Plan(List<OutboxRecord?> records, int start)
    {
        if (records[start] is not LogBatchRecord first)
        {
            return (records[start], 1);
        }

        var metrics = new List<Metric>(first.Metrics);
        var parameters = new Dictionary<string, string>(first.Params, StringComparer.Ordinal);
        var tags = new Dictionary<string, string>(first.Tags, StringComparer.Ordinal);
        var bytes = ApproximateBytes(first);
        var end = start + 1;
        while (end < records.Count && records[end] is LogBatchRecord next && next.Run == first.Run)
        {
            var nextBytes = ApproximateBytes(next);
            var fits = metrics.Count + next.Metrics.Count <= MaxMetricsPerCall
                && parameters.Count + next.Params.Count <= MaxParamsPerCall
                && tags.Count + next.Tags.Count <= MaxTagsPerCall
                && metrics.Count + parameters.Count + tags.Count + next.Metrics.Count + next.Params.Count + next.Tags.Count <= MaxEntitiesPerCall
                && bytes + nextBytes <= MaxApproximateBytesPerCall
                && !next.Params.Keys.Any(parameters.ContainsKey)
                && !next.Tags.Keys.Any(tags.ContainsKey);
            if (!fits)
            {
                break;
            }

            metrics.AddRange(next.Metrics);
            foreach (var (key, value) in next.Params)
            {
                parameters[key] = value;
            }

            foreach (var (key, value) in next.Tags)
            {
                tags[key] = value;
            }

            bytes += nextBytes;
            end++;
        }

        return (first with { Metrics = metrics, Params = parameters, Tags = tags }, end - start);
    }

    private static long ApproximateBytes(LogBatchRecord record) =>
        record.Metrics.Sum(m => m.Key.Length + 80L)
        + record.Params.Sum(p => p.Key.Length + p.Value.Length + 32L)
        + record.Tags.Sum(t => t.Key.Length + t.Value.Length + 32L);

    private OutboxRecord? Deserialize(JournalEntry entry)
    {
        if (entry.Payload.Length == 0)
        {
            return null; // A damaged stretch of the journal, already reported.
        }

        try
        {
            return JsonSerializer.Deserialize<OutboxRecord>(entry.Payload, OutboxJson.Options);
        }
        catch (JsonException exception)
        {
            logger.LogError("Tracking outbox {Folder}: a record cannot be read ({Reason}); it is skipped", journal.Folder, exception.Message);
            return null;
        }
    }

    private void SetAside(IEnumerable<JournalEntry> entries, OutboxRecord unit, Exception exception)
    {
        var path = Path.Combine(journal.Folder, RejectedFileName);
        var list = entries.ToList();
        try
        {
            using var writer = new StreamWriter(path, append: true);
            foreach (var entry in list)
            {
                writer.WriteLine(JsonSerializer.Serialize(new RejectedItem(DeliveryHealth.Describe(exception), JsonDocument.Parse(entry.Payload).RootElement), OutboxJson.Options));
            }
        }
        catch (Exception writeError) when (writeError is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Tracking outbox: cannot write {Path} ({Reason}); the refused items are dropped", path, writeError.Message);
        }

        health.OnRejected(unit.RunKey, unit.ExperimentName, exception, path, list.Count);
    }

    private sealed record RejectedItem(string Reason, JsonElement Record);
}
