using System.ComponentModel;
using Experiments.Api.OpenApi;
using Experiments.Api.Sweeps;
using Experiments.Api.Views;
using Experiments.Contracts.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Experiments.Api.Endpoints;

/// <summary>Reading sweeps: the list, one sweep, its trials a page at a time, its leaderboard.</summary>
internal static class SweepQueryEndpoints
{
    /// <summary>A page of trials is cut out by the sweep grain; more than this per response only makes responses huge.</summary>
    public const int MaxPageSize = 1000;

    public const int DefaultPageSize = 100;

    public const int DefaultTop = 10;

    private const string IdDescription = "The sweep's id (a GUID), as returned when it was submitted.";

    public static void Map(IEndpointRouteBuilder sweeps)
    {
        sweeps.MapGet(string.Empty, ListAsync)
            .WithName("ListSweeps")
            .WithSummary("List every sweep")
            .WithDescription(
                "Every sweep of every experiment, oldest first: status, trials by status, max trials, the best trial and its objective, " +
                "created and finished times. A sweep whose state cannot be read is listed as UNAVAILABLE with the reason in `problem`. " +
                "Needs a read or write token.")
            .RequireReadAccess();

        sweeps.MapGet("/{id}", GetAsync)
            .WithName("GetSweep")
            .WithSummary("Get one sweep")
            .WithDescription(
                "The sweep in detail: status and reason (or the storage failure that stopped it), model, data set, objective and goal, " +
                "budget, search algorithm and scheduler, seed, best trial, and the key of its MLflow parent run. Needs a read or write token.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireReadAccess();

        sweeps.MapGet("/{id}/trials", TrialsAsync)
            .WithName("ListTrials")
            .WithMetadata(
                new QueryParameterDocumentation("offset", JsonSchemaType.Integer, Default: 0, Minimum: 0, Maximum: int.MaxValue),
                new QueryParameterDocumentation("limit", JsonSchemaType.Integer, Default: DefaultPageSize, Minimum: 1, Maximum: MaxPageSize))
            .WithSummary("List a sweep's trials, a page at a time")
            .WithDescription(
                $"Trials by number from `offset` (default 0), at most `limit` (default {DefaultPageSize}, at most {MaxPageSize}): parameters, " +
                "status, attempt, epochs, the objective (latest and best), the latest metrics and why a trial failed. `total` is the number " +
                "of trials so far. Needs a read or write token.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireReadAccess();

        sweeps.MapGet("/{id}/leaderboard", LeaderboardAsync)
            .WithName("GetLeaderboard")
            .WithMetadata(new QueryParameterDocumentation("top", JsonSchemaType.Integer, Default: DefaultTop, Minimum: 1, Maximum: MaxPageSize))
            .WithSummary("Get a sweep's leaderboard")
            .WithDescription(
                $"Completed trials ranked by the objective (best first by the sweep's goal), then pruned trials (marked, unranked) by the " +
                $"value they had reached; at most `top` (default {DefaultTop}, at most {MaxPageSize}). Needs a read or write token.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireReadAccess();
    }

    private static async Task<Ok<IReadOnlyList<SweepSummary>>> ListAsync(SweepLookup sweeps, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sweeps.SummarizeAsync(await sweeps.ListAsync(), cancellationToken));

    private static async Task<Ok<SweepDetail>> GetAsync([Description(IdDescription)] string id, SweepLookup sweeps)
    {
        var (entry, snapshot) = await sweeps.GetAsync(id);
        return TypedResults.Ok(SweepViews.Detail(entry, snapshot));
    }

    private static async Task<Ok<TrialPage>> TrialsAsync(
        [Description(IdDescription)] string id,
        [FromQuery(Name = "offset"), Description("The number of trials to skip: a whole number, default 0.")] string? offset,
        [FromQuery(Name = "limit"), Description("The most trials to return: 1 to 1000, default 100.")] string? limit,
        SweepLookup sweeps)
    {
        var skip = QueryValues.WholeNumber(offset, "offset", 0, 0, int.MaxValue);
        var take = QueryValues.WholeNumber(limit, "limit", DefaultPageSize, 1, MaxPageSize);
        var (entry, snapshot) = await sweeps.GetAsync(id, skip, take);
        var trials = snapshot.Trials.Select(t => TrialViews.Detail(t, snapshot.Definition)).ToList();
        return TypedResults.Ok(new TrialPage(entry.SweepId, snapshot.Counts.Total, skip, take, trials));
    }

    private static async Task<Ok<Leaderboard>> LeaderboardAsync(
        [Description(IdDescription)] string id,
        [FromQuery(Name = "top"), Description("The most entries to return: 1 to 1000, default 10.")] string? top,
        SweepLookup sweeps)
    {
        var count = QueryValues.WholeNumber(top, "top", DefaultTop, 1, MaxPageSize);
        // Ranks every trial: the one read that takes them all.
        var (entry, snapshot) = await sweeps.GetAsync(id, 0, int.MaxValue);
        return TypedResults.Ok(LeaderboardView.Build(entry, snapshot, count));
    }
}
