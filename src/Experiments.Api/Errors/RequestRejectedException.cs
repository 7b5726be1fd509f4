namespace Experiments.Api.Errors;

/// <summary>
/// The request cannot be served as sent (bad query value, unknown sweep, body too large, ...): becomes a
/// problem+json response with <see cref="StatusCode"/>, <see cref="Title"/> and the message as its detail.
/// </summary>
internal sealed class RequestRejectedException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public static RequestRejectedException BadRequest(string detail) => new(400, "Bad request", detail);

    public static RequestRejectedException NotFound(string detail) => new(404, "Not found", detail);
}
