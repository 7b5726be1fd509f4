using System.ComponentModel;
using System.Text.Json;
using Experiments.Api.Errors;
using Experiments.Api.OpenApi;
using Experiments.Api.Sweeps;
using Experiments.Api.Views;
using Experiments.Contracts.Api;
using Experiments.Grains.Sweeps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Experiments.Api.Endpoints;

/// <summary>Stopping and resuming a sweep, as Ctrl-C and running the same spec again do for <c>experiments run</c>.</summary>
internal static class SweepControlEndpoints
{
    public const string DefaultStopReason = "stopped through the REST API";

    private const int MaxReasonLength = 500;

    public static void Map(IEndpointRouteBuilder sweeps)
    {
        sweeps.MapPost("/{id}/stop", StopAsync)
            .WithName("StopSweep")
            .WithSummary("Stop a sweep")
            .WithDescription(
                "Stops a running sweep: it becomes INTERRUPTED with the reason (optional JSON body `{\"reason\": \"...\"}`), its running and " +
                "pending trials KILLED (their workers are told to stop), its MLflow parent run KILLED. A sweep that is not running is " +
                "returned as it is. Resume it with POST /api/sweeps/{id}/resume. Returns the sweep afterwards. Needs a write token.")
            .WithMetadata(new RequestBodyDocumentation(typeof(StopSweepRequest), Required: false, "Why the sweep is stopped; optional.", ["application/json"]))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireWriteAccess();

        sweeps.MapPost("/{id}/resume", ResumeAsync)
            .WithName("ResumeSweep")
            .WithSummary("Resume an interrupted sweep")
            .WithDescription(
                "Resumes an INTERRUPTED sweep: finished trials are kept, unfinished ones run again as a new attempt. A running sweep is " +
                "returned as it is; a COMPLETED or FAILED one cannot be resumed (409: submit its spec with new=true to start another). " +
                "Returns the sweep afterwards. Needs a write token.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireWriteAccess();
    }

    private static async Task<Ok<SweepDetail>> StopAsync([Description("The sweep's id (a GUID).")] string id, HttpRequest request, SweepLookup sweeps)
    {
        var reason = await ReasonAsync(request);
        var (entry, snapshot) = await sweeps.GetAsync(id);
        if (snapshot.Status == SweepStatus.Running)
        {
            var sweep = sweeps.Sweep(entry.SweepId);
            await sweep.StopAsync(reason);
            snapshot = await sweep.GetOverviewAsync(0, 0);
        }

        return TypedResults.Ok(SweepViews.Detail(entry, snapshot));
    }

    private static async Task<Ok<SweepDetail>> ResumeAsync([Description("The sweep's id (a GUID).")] string id, SweepLookup sweeps)
    {
        var (entry, snapshot) = await sweeps.GetAsync(id);
        if (snapshot.Status is SweepStatus.Completed or SweepStatus.Failed)
        {
            throw new RequestRejectedException(
                StatusCodes.Status409Conflict,
                "Sweep already finished",
                $"Sweep {entry.SweepId} already finished as {SweepViews.StatusName(snapshot.Status)}; nothing to resume. Submit its spec with new=true to start another sweep.");
        }

        // A running sweep is left alone: resuming it would start every unfinished trial again as a new attempt.
        if (snapshot.Status != SweepStatus.Running)
        {
            var sweep = sweeps.Sweep(entry.SweepId);
            await sweep.ResumeAsync();
            snapshot = await sweep.GetOverviewAsync(0, 0);
        }

        return TypedResults.Ok(SweepViews.Detail(entry, snapshot));
    }

    /// <summary>The optional body, read by hand so that a malformed one is a problem+json 400 rather than an empty one.</summary>
    private static async Task<string> ReasonAsync(HttpRequest request)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && string.IsNullOrEmpty(request.ContentType)))
        {
            return DefaultStopReason;
        }

        if (!request.HasJsonContentType())
        {
            throw new RequestRejectedException(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                "The body of a stop request is optional JSON, e.g. {\"reason\": \"out of budget\"}, sent as application/json.");
        }

        StopSweepRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<StopSweepRequest>(request.HttpContext.RequestAborted);
        }
        catch (JsonException exception)
        {
            throw RequestRejectedException.BadRequest($"The body is not a stop request: {exception.Message}");
        }

        var reason = body?.Reason?.Trim();
        if (reason is { Length: > MaxReasonLength })
        {
            throw RequestRejectedException.BadRequest($"reason: {reason.Length} characters; allowed: at most {MaxReasonLength}");
        }

        return string.IsNullOrEmpty(reason) ? DefaultStopReason : reason;
    }
}
