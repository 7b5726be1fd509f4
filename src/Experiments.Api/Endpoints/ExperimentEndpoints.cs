using System.ComponentModel;
using Experiments.Api.Errors;
using Experiments.Api.Sweeps;
using Experiments.Contracts.Api;
using Experiments.Grains.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Experiments.Api.Endpoints;

/// <summary>Experiments: everything run under one spec name, with their sweeps.</summary>
internal static class ExperimentEndpoints
{
    public static void Map(IEndpointRouteBuilder experiments)
    {
        experiments.MapGet(string.Empty, ListAsync)
            .WithName("ListExperiments")
            .WithSummary("List every experiment")
            .WithDescription("Every experiment by name: how many sweeps it has, and its latest sweep's id, status and start. Needs a read or write token.")
            .RequireReadAccess();

        experiments.MapGet("/{name}", GetAsync)
            .WithName("GetExperiment")
            .WithSummary("Get one experiment with its sweeps")
            .WithDescription("The experiment (the spec's name) with every sweep run under it, oldest first. Needs a read or write token.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireReadAccess();
    }

    private static async Task<Ok<IReadOnlyList<ExperimentSummary>>> ListAsync(SweepLookup sweeps, CancellationToken cancellationToken)
    {
        var experiments = (await sweeps.ListAsync())
            .GroupBy(s => s.ExperimentName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Count: g.Count(), Latest: Latest(g)))
            .ToList();
        var latest = await sweeps.SummarizeAsync(experiments.Select(e => e.Latest).ToList(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ExperimentSummary>>(experiments
            .Select((e, index) => new ExperimentSummary(e.Name, e.Count, e.Latest.SweepId, latest[index].Status, e.Latest.CreatedAt))
            .ToList());
    }

    private static async Task<Ok<ExperimentDetail>> GetAsync(
        [Description("The experiment's name: the `name` of its spec.")] string name,
        SweepLookup sweeps,
        CancellationToken cancellationToken)
    {
        var entries = (await sweeps.ListAsync()).Where(s => string.Equals(s.ExperimentName, name, StringComparison.Ordinal)).ToList();
        if (entries.Count == 0)
        {
            throw RequestRejectedException.NotFound($"No experiment '{name}' is known; GET /api/experiments lists them.");
        }

        return TypedResults.Ok(new ExperimentDetail(name, await sweeps.SummarizeAsync(entries, cancellationToken)));
    }

    /// <summary>The latest by start time; registration order breaks ties (a sweep listed late keeps its own start time).</summary>
    private static CatalogedSweep Latest(IEnumerable<CatalogedSweep> sweeps) =>
        sweeps.Select((s, index) => (s, index)).MaxBy(x => (x.s.CreatedAt, x.index)).s;
}
