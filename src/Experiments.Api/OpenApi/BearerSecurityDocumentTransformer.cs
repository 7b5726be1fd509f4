using Experiments.Api.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Experiments.Api.OpenApi;

/// <summary>Describes the API and its bearer tokens in the document; every operation in it needs one.</summary>
internal sealed class BearerSecurityDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "Experiments API",
            Version = "v1",
            Description =
                "Submit hyperparameter sweep specs (YAML, see docs/spec.md), follow their sweeps and trials, read leaderboards, stop and resume sweeps. " +
                "Every endpoint needs a bearer token: a read token for GETs, a write token for POSTs (configured under Experiments:Api, see docs/api.md). " +
                "Errors are RFC 9457 problem details (application/problem+json).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiAuthentication.OpenApiSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description =
                "A token from the silo's configuration: Experiments:Api:ReadToken(s) may call the GET endpoints, " +
                "Experiments:Api:WriteToken(s) every endpoint. Send it as 'Authorization: Bearer <token>'.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(ApiAuthentication.OpenApiSchemeName, document)] = [],
        });
        return Task.CompletedTask;
    }
}
