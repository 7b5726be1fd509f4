using Microsoft.OpenApi;

namespace Experiments.Api.OpenApi;

/// <summary>
/// The schema of a query parameter that the endpoint reads as text (so a bad value is a problem+json 400 naming it)
/// but that is a number or a flag: <c>offset</c> is an integer from 0, <c>new</c> a boolean.
/// </summary>
internal sealed record QueryParameterDocumentation(string Name, JsonSchemaType Type, long? Default = null, long? Minimum = null, long? Maximum = null);
