using System.Net;
using System.Text;

namespace Experiments.Api.Tests;

/// <summary>A body sent without Content-Length (chunked), so the server can only find its size by reading it.</summary>
public sealed class UnknownLengthContent : HttpContent
{
    private readonly byte[] bytes;

    public UnknownLengthContent(string text, string mediaType)
    {
        bytes = Encoding.UTF8.GetBytes(text);
        Headers.ContentType = new(mediaType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
