using Experiments.Api.Endpoints;
using Experiments.Api.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Experiments.Api;

/// <summary>Maps the REST API's endpoints (after <see cref="ExperimentsApiServiceCollectionExtensions.AddExperimentsApi"/>).</summary>
public static class ExperimentsApiEndpointRouteBuilderExtensions
{
    public const string OpenApiDocumentName = "v1";

    public const string ReferencePath = "/api/reference";

    /// <summary>
    /// Maps <c>/api/...</c> (bearer tokens required), the OpenAPI document <c>/openapi/v1.json</c> and its browsable
    /// reference <c>/api/reference</c> (both anonymous: they describe the API, they do not use it), and the health
    /// endpoints <c>/health</c> (every check) and <c>/alive</c> (checks tagged "live"), anonymous as in .NET Aspire's
    /// service defaults. Returns the <c>/api</c> group.
    /// </summary>
    public static RouteGroupBuilder MapExperimentsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var api = endpoints.MapGroup("/api");
        api.AddEndpointFilter<ApiFailureFilter>()
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        SubmitSweepEndpoint.Map(api.MapGroup("/sweeps").WithTags("Sweeps"));
        SweepQueryEndpoints.Map(api.MapGroup("/sweeps").WithTags("Sweeps"));
        SweepControlEndpoints.Map(api.MapGroup("/sweeps").WithTags("Sweeps"));
        ExperimentEndpoints.Map(api.MapGroup("/experiments").WithTags("Experiments"));

        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        endpoints.MapScalarApiReference(ReferencePath, reference => reference
            .WithTitle("Experiments API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(Authentication.ApiAuthentication.OpenApiSchemeName)
            .DisableDefaultFonts()
            .DisableTelemetry())
            .AllowAnonymous();

        endpoints.MapHealthChecks("/health").AllowAnonymous();
        endpoints.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") }).AllowAnonymous();
        return api;
    }
}
