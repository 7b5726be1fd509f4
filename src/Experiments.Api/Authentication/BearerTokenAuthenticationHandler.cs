using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Experiments.Api.Authentication;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;token&gt;</c> against the configured tokens. Refusals are problem+json
/// (401 with <c>WWW-Authenticate: Bearer</c>, 403 for a read token on a write endpoint) and are logged with the
/// caller's address and the path, never the token.
/// </summary>
internal sealed class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiTokenSet tokens,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string BearerPrefix = "Bearer ";

    private const string NoToken = "no bearer token";

    private readonly ILogger refusals = loggerFactory.CreateLogger("Experiments.Api.Authentication");

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (tokens.AllowAnonymous)
        {
            return Task.FromResult(Success("anonymous", ApiAccess.Write));
        }

        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("an Authorization header that is not a bearer token"));
        }

        var (access, label) = tokens.Match(header[BearerPrefix.Length..].Trim());
        return Task.FromResult(access == ApiAccess.None
            ? AuthenticateResult.Fail("an unknown bearer token")
            : Success(label, access));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var presented = result.Failure is not null;
        var reason = result.Failure?.Message ?? NoToken;
        refusals.LogWarning(
            "Refused {Method} {Path} from {RemoteAddress}: {Reason}",
            Request.Method,
            Request.Path.Value,
            Context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address",
            reason);

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750: error="invalid_token" only when a token was presented and refused.
        Response.Headers[HeaderNames.WWWAuthenticate] = presented
            ? "Bearer realm=\"experiments\", error=\"invalid_token\""
            : "Bearer realm=\"experiments\"";
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "Authentication required",
            presented
                ? "The bearer token is not one of this API's tokens."
                : "Send a read or write token of this API as 'Authorization: Bearer <token>'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        refusals.LogWarning(
            "Refused {Method} {Path} from {RemoteAddress}: {Token} may only read",
            Request.Method,
            Request.Path.Value,
            Context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address",
            result.Principal?.Identity?.Name ?? "the token");

        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "Write access required",
            "This token may only read; submitting, stopping and resuming sweeps needs a write token.");
    }

    private AuthenticateResult Success(string name, ApiAccess access)
    {
        List<Claim> claims = [new(ClaimTypes.Name, name), new(ApiAuthentication.ScopeClaim, ApiAuthentication.ReadScope)];
        if (access == ApiAccess.Write)
        {
            claims.Add(new Claim(ApiAuthentication.ScopeClaim, ApiAuthentication.WriteScope));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem }))
        {
            await Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        }
    }
}
