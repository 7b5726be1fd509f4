using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Experiments.Api.OpenApi;

/// <summary>Writes each endpoint's <see cref="RequestBodyDocumentation"/> into its operation.</summary>
internal sealed class RequestBodyOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDocumentation>().FirstOrDefault() is not { } body)
        {
            return;
        }

        IOpenApiSchema schema = body.SchemaType is { } type
            ? await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken)
            : new OpenApiSchema { Type = JsonSchemaType.String };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = body.Required,
            Description = body.Description,
            Content = body.MediaTypes.ToDictionary(mediaType => mediaType, _ => new OpenApiMediaType { Schema = schema }),
        };
    }
}
