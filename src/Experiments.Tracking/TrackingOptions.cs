using Microsoft.Extensions.Configuration;

namespace Experiments.Tracking;

/// <summary>
/// Tracking settings, bound from the configuration root so that MLflow's own environment variables
/// (<c>MLFLOW_TRACKING_URI</c>, <c>MLFLOW_TRACKING_TOKEN</c>, ...) work unchanged.
/// </summary>
public sealed class TrackingOptions
{
    /// <summary>
    /// Where runs go: unset (defaults to <c>./mlruns</c> under the current directory), a path or <c>file://</c> URI
    /// selects <see cref="MlflowFileStore"/>; <c>http(s)://</c> selects <see cref="MlflowRestClient"/>.
    /// </summary>
    [ConfigurationKeyName("MLFLOW_TRACKING_URI")]
    public string? TrackingUri { get; set; }

    /// <summary>
    /// The variables a user's program needs to log to the same place with MLflow's own client: the tracking URI (a
    /// file store as an absolute <c>file://</c> URI, as the program runs in another folder) and the credentials set here.
    /// </summary>
    public IReadOnlyDictionary<string, string> ForPrograms()
    {
        var target = TrackingTarget.Parse(TrackingUri);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MLFLOW_TRACKING_URI"] = target.Kind == TrackingBackendKind.Rest ? target.RestBaseUri!.AbsoluteUri.TrimEnd('/') : new Uri(target.FileStoreRoot).AbsoluteUri,
        };
        foreach (var (name, value) in new[] { ("MLFLOW_TRACKING_TOKEN", Token), ("MLFLOW_TRACKING_USERNAME", Username), ("MLFLOW_TRACKING_PASSWORD", Password) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                variables[name] = value;
            }
        }

        return variables;
    }

    /// <summary>Bearer token for the tracking server; takes precedence over username/password.</summary>
    [ConfigurationKeyName("MLFLOW_TRACKING_TOKEN")]
    public string? Token { get; set; }

    /// <summary>Basic-auth user name, used together with <see cref="Password"/> when no token is set.</summary>
    [ConfigurationKeyName("MLFLOW_TRACKING_USERNAME")]
    public string? Username { get; set; }

    [ConfigurationKeyName("MLFLOW_TRACKING_PASSWORD")]
    public string? Password { get; set; }

    /// <summary>Total attempts per REST request (first try included) for transient failures.</summary>
    [ConfigurationKeyName("MLFLOW_TRACKING_MAX_ATTEMPTS")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubles on each further retry, with jitter.</summary>
    [ConfigurationKeyName("MLFLOW_TRACKING_RETRY_BASE_DELAY")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound for one retry delay, including one asked for by a Retry-After header.</summary>
    [ConfigurationKeyName("MLFLOW_TRACKING_MAX_RETRY_DELAY")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one REST attempt; a timed-out attempt counts as transient and is retried.</summary>
    [ConfigurationKeyName("MLFLOW_TRACKING_REQUEST_TIMEOUT")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
