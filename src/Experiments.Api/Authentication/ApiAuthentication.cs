namespace Experiments.Api.Authentication;

/// <summary>Names of the API's authentication scheme, its policies and the claim they check.</summary>
public static class ApiAuthentication
{
    /// <summary>Named, not the default scheme, so the host may add its own schemes without changing the API's.</summary>
    public const string Scheme = "ExperimentsApiBearer";

    /// <summary>The security scheme's name in the OpenAPI document.</summary>
    public const string OpenApiSchemeName = "Bearer";

    /// <summary>GET endpoints: a read or a write token.</summary>
    public const string ReadPolicy = "ExperimentsApi.Read";

    /// <summary>POST endpoints: a write token.</summary>
    public const string WritePolicy = "ExperimentsApi.Write";

    public const string ScopeClaim = "scope";

    public const string ReadScope = "experiments.read";

    public const string WriteScope = "experiments.write";
}
