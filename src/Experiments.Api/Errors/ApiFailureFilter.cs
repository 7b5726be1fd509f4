using Experiments.Grains.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Experiments.Api.Errors;

/// <summary>
/// Turns what an endpoint throws into problem+json without a stack trace: rejected requests with their own status,
/// grain state that cannot be saved (503) or read (500), a cluster that does not answer (503), anything else 500
/// with the details in the silo's log only. Applied to the API's endpoints, so the host needs no exception middleware.
/// </summary>
internal sealed class ApiFailureFilter(ILogger<ApiFailureFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (RequestRejectedException rejected)
        {
            return TypedResults.Problem(rejected.Message, statusCode: rejected.StatusCode, title: rejected.Title);
        }
        catch (BadHttpRequestException badRequest)
        {
            // Kestrel's own limits (e.g. the body size) surface while the endpoint reads the body.
            return TypedResults.Problem(badRequest.Message, statusCode: badRequest.StatusCode, title: "Bad request");
        }
        catch (Exception exception) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Failure(exception, context.HttpContext);
        }
    }

    private IResult Failure(Exception exception, HttpContext http)
    {
        var path = http.Request.Path.Value;
        if (Find<GrainStateDamagedException>(exception) is { } damaged)
        {
            logger.LogError("{Method} {Path} failed: {Reason}", http.Request.Method, path, damaged.Message);
            return TypedResults.Problem(
                $"{damaged.Message}. The file is kept for inspection; submitting the spec with new=true starts a new sweep.",
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Damaged grain state");
        }

        if (Find<GrainStateStorageException>(exception) is { } storage)
        {
            logger.LogError("{Method} {Path} failed: {Reason}", http.Request.Method, path, storage.Message);
            return TypedResults.Problem(
                $"{storage.Message}; free space or make the state folder writable, then try again.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Grain state cannot be saved");
        }

        // A silo that just died (its connections refused until the cluster declares it dead) is a moment's
        // unavailability, not an error: clients are told to try again (the CLI's status --watch does).
        if (Find<TimeoutException>(exception) is not null || Find<SiloUnavailableException>(exception) is not null
            || Find<Orleans.Runtime.Messaging.ConnectionFailedException>(exception) is not null || Find<OrleansMessageRejectionException>(exception) is not null)
        {
            logger.LogWarning("{Method} {Path} failed: the cluster did not answer: {Reason}", http.Request.Method, path, exception.Message);
            return TypedResults.Problem(
                "The cluster did not answer in time; try again.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Cluster unavailable");
        }

        logger.LogError(exception, "{Method} {Path} failed", http.Request.Method, path);
        return TypedResults.Problem(
            "The request failed; the silo's log has the details.",
            statusCode: StatusCodes.Status500InternalServerError,
            title: "Internal error");
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
