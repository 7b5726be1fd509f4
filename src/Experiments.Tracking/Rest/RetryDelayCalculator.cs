using System.Net.Http.Headers;

namespace Experiments.Tracking.Rest;

/// <summary>Exponential backoff with jitter, never shorter than a server's Retry-After, capped by the options.</summary>
internal static class RetryDelayCalculator
{
    public static TimeSpan Compute(TrackingOptions options, int failedAttempt, RetryConditionHeaderValue? retryAfter)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, failedAttempt - 1));

        // Jitter in [50%, 100%] of the exponential delay spreads out workers that failed together.
        var delay = TimeSpan.FromMilliseconds(exponential * (0.5 + (Random.Shared.NextDouble() * 0.5)));
        var serverDelay = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => TimeSpan.Zero,
        };

        if (serverDelay > delay)
        {
            delay = serverDelay;
        }

        return delay > options.MaxRetryDelay ? options.MaxRetryDelay : delay;
    }
}
