using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Experiments.Api.OpenApi;

/// <summary>Gives query parameters the schema their <see cref="QueryParameterDocumentation"/> says, in place of "string".</summary>
internal sealed class QueryParameterOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var documented in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameterDocumentation>())
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == documented.Name && p.In == ParameterLocation.Query) is OpenApiParameter parameter)
            {
                parameter.Schema = new OpenApiSchema
                {
                    Type = documented.Type,
                    Default = documented.Default is { } value ? JsonValue.Create(value) : documented.Type == JsonSchemaType.Boolean ? JsonValue.Create(false) : null,
                    Minimum = documented.Minimum?.ToString(CultureInfo.InvariantCulture),
                    Maximum = documented.Maximum?.ToString(CultureInfo.InvariantCulture),
                };
            }
        }

        return Task.CompletedTask;
    }
}
