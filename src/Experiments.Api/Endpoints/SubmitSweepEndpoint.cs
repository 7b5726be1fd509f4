using System.ComponentModel;
using Experiments.Api.Errors;
using Experiments.Api.OpenApi;
using Experiments.Api.Submission;
using Experiments.Api.Sweeps;
using Experiments.Api.Views;
using Experiments.Contracts.Api;
using Experiments.Contracts.Models;
using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Specs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Experiments.Api.Endpoints;

/// <summary><c>POST /api/sweeps</c>: validates a spec as <c>experiments validate</c> does and starts or resumes its sweep as <c>experiments run</c> does.</summary>
internal static class SubmitSweepEndpoint
{
    private const string DefaultSourceName = "spec.yaml";

    private const int MaxSourceNameLength = 255;

    public static void Map(IEndpointRouteBuilder sweeps) =>
        sweeps.MapPost(string.Empty, SubmitAsync)
            .WithName("SubmitSweep")
            .WithMetadata(new QueryParameterDocumentation("new", JsonSchemaType.Boolean))
            .WithSummary("Submit a sweep spec")
            .WithDescription(
                "Validates the YAML spec in the body (as `experiments validate` does) and starts its sweep, or, as `experiments run` does, " +
                "resumes the latest interrupted sweep of the same spec (same fingerprint). A sweep of the same spec that is still running " +
                "is left as it is, and one that already completed or failed is returned without starting anything; `new=true` starts a " +
                "new sweep in every case. 201 with Location for a new sweep, 200 (Location too) otherwise. An invalid spec is a 400 " +
                "problem whose `errors` list every mistake with file, line, column, field and message. Relative `dataset:` paths resolve " +
                "against the silo's configured folder (Experiments:Api:SpecBaseDirectory), not the client's. Needs a write token.")
            .WithMetadata(new RequestBodyDocumentation(null, Required: true, "The sweep spec (YAML, UTF-8, at most 1 MiB), e.g. the contents of examples/function-branin-sobol.yaml.", SpecBodyReader.MediaTypes))
            .Produces<InvalidSpecProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireWriteAccess();

    private static async Task<Results<Created<SweepSubmission>, Ok<SweepSubmission>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request,
        [FromQuery(Name = "name"), Description("The spec's file name, shown in its errors and kept as the sweep's source name. Default spec.yaml.")] string? name,
        [FromQuery(Name = "new"), Description("true: start a new sweep even if one of this spec exists (unfinished or finished). Default false.")] string? startNew,
        IGrainFactory grains,
        SweepLookup sweeps,
        IModelCatalog catalog,
        SpecBaseDirectory baseDirectory,
        CancellationToken cancellationToken)
    {
        var sourceName = SourceName(name);
        var forceNew = QueryValues.Flag(startNew, "new");
        var text = await SpecBodyReader.ReadAsync(request, SweepSpecParser.MaxSpecBytes, cancellationToken);
        var parsed = SweepSpecParser.Parse(text, sourceName, catalog, baseDirectory.Path);
        if (!parsed.IsValid)
        {
            return TypedResults.Problem(new InvalidSpecProblem
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid spec",
                Detail = string.Join('\n', parsed.Errors.Select(e => e.ToString()).Append($"{parsed.Errors.Count} error(s); nothing was run.")),
                Errors = parsed.Errors.Select(e => new SpecErrorDetail(e.Source, e.Line, e.Column, e.Field, e.Message)).ToList(),
            });
        }

        var spec = parsed.Spec!;
        var experiment = grains.GetGrain<IExperimentGrain>(spec.Name);
        if (!forceNew && await RunningSweepOfAsync(experiment, spec, sweeps) is { } running)
        {
            return Existing(request, Submission(running, spec, alreadyRunning: true));
        }

        var started = await experiment.StartSweepAsync(spec.ToDefinition(), resumeUnfinished: !forceNew);
        var snapshot = await sweeps.Sweep(started.SweepId).GetOverviewAsync(0, 0);
        var submission = Submission(snapshot, spec, resumed: started.Resumed, alreadyFinished: started.AlreadyFinished);
        return started is { Resumed: false, AlreadyFinished: false }
            ? TypedResults.Created(LocationOf(request, started.SweepId), submission)
            : Existing(request, submission);
    }

    /// <summary>
    /// In a cluster a RUNNING sweep really runs (unlike after a killed <c>experiments run</c>): resuming it would start
    /// every unfinished trial again as a new attempt, so a repeated submission leaves it alone.
    /// </summary>
    private static async Task<SweepSnapshot?> RunningSweepOfAsync(IExperimentGrain experiment, SweepSpec spec, SweepLookup sweeps)
    {
        var latest = (await experiment.GetSweepsAsync()).LastOrDefault(s => s.Fingerprint == spec.Fingerprint);
        if (latest is null)
        {
            return null;
        }

        var snapshot = await sweeps.Sweep(latest.SweepId).GetOverviewAsync(0, 0);
        return snapshot.Status == SweepStatus.Running ? snapshot : null;
    }

    private static Ok<SweepSubmission> Existing(HttpRequest request, SweepSubmission submission)
    {
        request.HttpContext.Response.Headers.Location = LocationOf(request, submission.SweepId);
        return TypedResults.Ok(submission);
    }

    private static string LocationOf(HttpRequest request, Guid sweepId) => $"{request.PathBase}/api/sweeps/{sweepId}";

    private static SweepSubmission Submission(SweepSnapshot snapshot, SweepSpec spec, bool resumed = false, bool alreadyRunning = false, bool alreadyFinished = false)
    {
        var id = snapshot.SweepId;
        var status = SweepViews.StatusName(snapshot.Status);
        var finished = snapshot.Counts.Completed + snapshot.Counts.Failed + snapshot.Counts.Pruned;
        var message = (resumed, alreadyRunning, alreadyFinished) switch
        {
            (true, _, _) => $"Resuming sweep {id} of '{spec.Name}': {finished} of {spec.Budget.MaxTrials} trials already finished.",
            (_, true, _) => $"Sweep {id} of '{spec.Name}' is already running; it was left as it is. Submit with new=true to start another sweep of this spec.",
            (_, _, true) when snapshot.Status == SweepStatus.Completed =>
                $"Sweep {id} of '{spec.Name}' already completed ({snapshot.Counts.Total} trials); nothing to run. Submit with new=true to start another sweep of this spec.",
            (_, _, true) =>
                $"Sweep {id} of '{spec.Name}' already finished as {status} ({snapshot.Reason?.TrimEnd('.')}); nothing to run. Submit with new=true to start another sweep of this spec.",
            _ => $"Sweep {id} of '{spec.Name}' started: {spec.Budget.MaxTrials} trials of {spec.ModelAndData}, {spec.Budget.Parallel} in parallel.",
        };
        return new SweepSubmission(id, spec.Name, !resumed && !alreadyRunning && !alreadyFinished, resumed, alreadyRunning, alreadyFinished, status, message);
    }

    private static string SourceName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return DefaultSourceName;
        }

        if (name.Length > MaxSourceNameLength || name.Any(char.IsControl))
        {
            throw RequestRejectedException.BadRequest(
                $"name: not allowed; allowed: a file name of 1 to {MaxSourceNameLength} characters without control characters");
        }

        return name;
    }
}
