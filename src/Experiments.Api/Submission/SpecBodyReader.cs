using System.Buffers;
using System.Text;
using Experiments.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Experiments.Api.Submission;

/// <summary>Reads a spec sent as the request body: YAML or plain text, UTF-8, at most <c>maxBytes</c>.</summary>
internal static class SpecBodyReader
{
    public static readonly string[] MediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/plain"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckContentType(request.ContentType);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        // Lets Kestrel stop a chunked upload early too; the loop below enforces the limit on any server.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await ReadAsync(request.Body, buffer.AsMemory(length, maxBytes + 1 - length), maxBytes, cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
            }

            if (length == 0)
            {
                throw RequestRejectedException.BadRequest("The request body is empty; send the spec's YAML as the body.");
            }

            try
            {
                var text = StrictUtf8.GetString(buffer, 0, length);
                return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
            }
            catch (DecoderFallbackException)
            {
                throw RequestRejectedException.BadRequest("The request body is not UTF-8 text; send the spec as UTF-8 YAML.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> ReadAsync(Stream body, Memory<byte> into, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(into, cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (set above) says the same in other words.
            throw TooLarge(maxBytes);
        }
    }

    private static void CheckContentType(string? contentType)
    {
        // No Content-Type at all is taken as YAML: the body is checked as a spec anyway.
        if (string.IsNullOrEmpty(contentType))
        {
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !MediaTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            throw new RequestRejectedException(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                $"Content-Type '{contentType}' is not a spec; allowed: {string.Join(", ", MediaTypes)} (UTF-8).");
        }

        if (mediaType.Charset.HasValue
            && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !mediaType.Charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestRejectedException(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                $"charset '{mediaType.Charset}' is not supported; send the spec as UTF-8.");
        }
    }

    private static RequestRejectedException TooLarge(int maxBytes) => new(
        StatusCodes.Status413PayloadTooLarge,
        "Spec too large",
        $"The spec is larger than {maxBytes} bytes ({maxBytes / 1024 / 1024} MiB); sweep specs are expected to be small.");
}
