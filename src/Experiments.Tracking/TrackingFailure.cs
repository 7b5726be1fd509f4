using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Experiments.Tracking;

/// <summary>Tells failures of <see cref="IExperimentTracker"/> calls that may succeed later from requests that never will.</summary>
public static class TrackingFailure
{
    // MLflow error codes that describe the request itself: sending it again gives the same answer.
    private static readonly HashSet<string> RequestErrorCodes = new(StringComparer.Ordinal)
    {
        MlflowException.InvalidParameterValue,
        MlflowException.ResourceDoesNotExist,
        MlflowException.ResourceAlreadyExists,
        "INVALID_STATE",
        "MALFORMED_REQUEST",
        "BAD_REQUEST",
        "INVALID_REQUEST",
        "ENDPOINT_NOT_FOUND",
        "NOT_IMPLEMENTED",
    };

    /// <summary>
    /// True when the same call may succeed if repeated later: the store or server was not usable (file store I/O
    /// errors such as a full or read-only disk, network errors, timeouts, HTTP 408, 429 and 5xx) or not configured
    /// right yet (HTTP 401 and 403). False when the request itself was refused (invalid keys or values, a changed
    /// param, an unknown run or experiment: MLflow's 4xx codes) or for programming errors.
    /// Cancellation counts as transient: the call was interrupted, not refused.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            MlflowException mlflow => IsTransient(mlflow),
            AggregateException { InnerExceptions.Count: > 0 } aggregate => aggregate.InnerExceptions.All(IsTransient),
            MlflowFileStoreException => true,
            HttpRequestException or SocketException or TimeoutException or OperationCanceledException => true,
            IOException or UnauthorizedAccessException => true,
            JsonException => true, // an answer that is not MLflow's JSON: a proxy or a server in trouble
            _ => false,
        };
    }

    private static bool IsTransient(MlflowException exception)
    {
        if (exception.StatusCode is { } status)
        {
            var code = (int)status;
            return code >= 500
                || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                    or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        }

        // No HTTP status: raised by the file store or by the client itself (an unreadable answer, for example).
        return !RequestErrorCodes.Contains(exception.ErrorCode);
    }
}
