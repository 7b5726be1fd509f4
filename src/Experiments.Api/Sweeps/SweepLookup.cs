using Experiments.Api.Endpoints;
using Experiments.Api.Errors;
using Experiments.Api.Views;
using Experiments.Contracts.Api;
using Experiments.Grains.Catalog;
using Experiments.Grains.Storage;
using Experiments.Grains.Sweeps;
using Microsoft.Extensions.Logging;

namespace Experiments.Api.Sweeps;

/// <summary>
/// Finds sweeps through the catalog: an id the catalog does not list is unknown (404), whatever grain might
/// answer to it, so a probe with random ids never activates sweep grains.
/// </summary>
internal sealed class SweepLookup(IGrainFactory grains, ILogger<SweepLookup> logger)
{
    /// <summary>Enough sweeps read at once to hide the latency of each, few enough not to flood the silo.</summary>
    private const int ReadsInParallel = 16;

    /// <summary>
    /// The sweep with its counts and best trial, and of its trials only those numbered <paramref name="offset"/> on, at
    /// most <paramref name="limit"/> (none by default: a poll of a sweep's status costs the same at any size of sweep).
    /// </summary>
    public async Task<(CatalogedSweep Entry, SweepSnapshot Snapshot)> GetAsync(string id, int offset = 0, int limit = 0)
    {
        var sweepId = QueryValues.SweepId(id);
        var entry = await grains.GetSweepCatalog().FindAsync(sweepId)
            ?? throw RequestRejectedException.NotFound($"No sweep {sweepId} is known; GET /api/sweeps lists them.");
        return (entry, await Sweep(sweepId).GetOverviewAsync(offset, limit));
    }

    public ISweepGrain Sweep(Guid sweepId) => grains.GetGrain<ISweepGrain>(sweepId);

    public Task<IReadOnlyList<CatalogedSweep>> ListAsync() => grains.GetSweepCatalog().GetSweepsAsync();

    /// <summary>Each sweep's summary, in the order given; one whose state cannot be read says why instead of failing the list.</summary>
    public async Task<IReadOnlyList<SweepSummary>> SummarizeAsync(IReadOnlyList<CatalogedSweep> entries, CancellationToken cancellationToken)
    {
        var summaries = new SweepSummary[entries.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, entries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadsInParallel, CancellationToken = cancellationToken },
            async (index, _) => summaries[index] = await SummarizeAsync(entries[index]));
        return summaries;
    }

    public async Task<SweepSummary> SummarizeAsync(CatalogedSweep entry)
    {
        try
        {
            return SweepViews.Summary(entry, await Sweep(entry.SweepId).GetOverviewAsync(0, 0));
        }
        catch (GrainStateDamagedException damaged)
        {
            logger.LogWarning("Sweep {SweepId} cannot be shown: {Reason}", entry.SweepId, damaged.Message);
            return SweepViews.WithProblem(entry, damaged.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Sweep {SweepId} cannot be shown", entry.SweepId);
            return SweepViews.WithProblem(entry, "its state could not be read; the silo's log has the details");
        }
    }
}
