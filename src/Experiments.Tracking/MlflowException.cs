using System.Net;

namespace Experiments.Tracking;

/// <summary>
/// An error reported by MLflow (or by the file store following MLflow's rules), with MLflow's error code
/// such as <c>INVALID_PARAMETER_VALUE</c> or <c>RESOURCE_DOES_NOT_EXIST</c>.
/// </summary>
public sealed class MlflowException : Exception
{
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";

    public MlflowException()
        : this("UNKNOWN", "MLflow request failed.")
    {
    }

    public MlflowException(string message)
        : this("UNKNOWN", message)
    {
    }

    public MlflowException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "UNKNOWN";
    }

    public MlflowException(string errorCode, string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base($"{errorCode}: {message}", innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        MlflowMessage = message;
    }

    /// <summary>MLflow's error code, for example <c>INVALID_PARAMETER_VALUE</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The error message without the error code prefix (for REST errors: the failed operation, HTTP status and MLflow's message).</summary>
    public string? MlflowMessage { get; }

    /// <summary>HTTP status of the failed request; null for file store errors.</summary>
    public HttpStatusCode? StatusCode { get; }
}
