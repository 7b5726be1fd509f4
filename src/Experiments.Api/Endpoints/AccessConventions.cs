using Experiments.Api.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Experiments.Api.Endpoints;

/// <summary>Who may call an endpoint, and the refusals that follows from it in the OpenAPI document.</summary>
internal static class AccessConventions
{
    public static RouteHandlerBuilder RequireReadAccess(this RouteHandlerBuilder endpoint) => endpoint
        .RequireAuthorization(ApiAuthentication.ReadPolicy)
        .ProducesProblem(StatusCodes.Status401Unauthorized);

    public static RouteHandlerBuilder RequireWriteAccess(this RouteHandlerBuilder endpoint) => endpoint
        .RequireAuthorization(ApiAuthentication.WritePolicy)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);
}
