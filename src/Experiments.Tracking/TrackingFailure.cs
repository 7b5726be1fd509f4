using System.Net;

namespace Experiments.Tracking;

/// <summary>Tells a failure that may pass (retry later) from a request that will never succeed.</summary>
public static class TrackingFailure
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        MlflowException { StatusCode: { } status } => (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden,
        MlflowException => false,
        HttpRequestException or TimeoutException or IOException or UnauthorizedAccessException => true,
        _ => false,
    };
}
