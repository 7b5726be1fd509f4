namespace Experiments.Api.OpenApi;

/// <summary>
/// Describes an endpoint's request body in the OpenAPI document. Used instead of <c>Accepts</c> metadata, with which
/// routing itself would answer other media types with an empty 415; the endpoint answers them as problem+json.
/// </summary>
/// <param name="SchemaType">The body's type (its schema); null for text.</param>
internal sealed record RequestBodyDocumentation(Type? SchemaType, bool Required, string Description, IReadOnlyList<string> MediaTypes);
