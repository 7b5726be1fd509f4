using Experiments.Api.Authentication;
using Experiments.Api.Health;
using Experiments.Api.OpenApi;
using Experiments.Api.Submission;
using Experiments.Api.Sweeps;
using Experiments.Contracts.Models;
using Experiments.Training.Models;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Experiments.Api;

/// <summary>Registers the REST API's services in a host that also runs the Orleans silo (or a client of it).</summary>
public static class ExperimentsApiServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ExperimentsApiOptions"/> from <c>Experiments:Api</c> (checked when the host starts: no tokens
    /// and no <c>AllowAnonymous</c>, or a weak token, stops it with a message naming the keys), and registers bearer
    /// token authentication and its policies, problem details, the OpenAPI document and the health checks. Needs an
    /// <see cref="IGrainFactory"/> in the container (the silo's or a cluster client's).
    /// </summary>
    public static IServiceCollection AddExperimentsApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ExperimentsApiOptions>().Bind(configuration.GetSection(ExperimentsApiOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExperimentsApiOptions>, ExperimentsApiOptionsValidator>());
        services.TryAddSingleton(provider => new ApiTokenSet(provider.GetRequiredService<IOptions<ExperimentsApiOptions>>().Value));
        services.TryAddSingleton(provider => new SpecBaseDirectory(Path.GetFullPath(
            provider.GetRequiredService<IOptions<ExperimentsApiOptions>>().Value.SpecBaseDirectory
            ?? Directory.GetCurrentDirectory())));
        services.TryAddSingleton<IModelCatalog>(ModelFamilies.Catalog);
        services.TryAddSingleton<SweepLookup>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthenticationHandler>(ApiAuthentication.Scheme, displayName: "Experiments API bearer token", _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiAuthentication.ReadPolicy, policy => policy
                .AddAuthenticationSchemes(ApiAuthentication.Scheme)
                .RequireClaim(ApiAuthentication.ScopeClaim, ApiAuthentication.ReadScope))
            .AddPolicy(ApiAuthentication.WritePolicy, policy => policy
                .AddAuthenticationSchemes(ApiAuthentication.Scheme)
                .RequireClaim(ApiAuthentication.ScopeClaim, ApiAuthentication.WriteScope));

        services.AddProblemDetails();
        services.AddOpenApi(ExperimentsApiEndpointRouteBuilderExtensions.OpenApiDocumentName, openApi =>
        {
            openApi.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            openApi.AddDocumentTransformer<BearerSecurityDocumentTransformer>();
            openApi.AddOperationTransformer<RequestBodyOperationTransformer>();
            openApi.AddOperationTransformer<QueryParameterOperationTransformer>();
        });

        // AddServiceDefaults registers the "live" self check; the API adds readiness: the grains answer.
        services.AddHealthChecks().AddCheck<GrainsHealthCheck>(GrainsHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
