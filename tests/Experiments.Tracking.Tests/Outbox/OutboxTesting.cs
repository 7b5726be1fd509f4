using Experiments.Tracking.Outbox;
using Experiments.Tracking.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Experiments.Tracking.Tests.Outbox;

/// <summary>Outboxes with quick retries, and a logger that keeps what they say.</summary>
internal static class OutboxTesting
{
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);

    public static TrackingOutbox Create(IExperimentTracker backend, string root, RecordingLoggerProvider? log = null, Action<TrackingOutboxOptions>? configure = null)
    {
        var options = new TrackingOutboxOptions
        {
            Directory = root,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            DrainOnStop = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        var factory = LoggerFactory.Create(builder => builder.AddProvider(log ?? new RecordingLoggerProvider()).SetMinimumLevel(LogLevel.Trace));
        var outbox = new TrackingOutbox(backend, options, "the test store", factory);
        outbox.Start();
        return outbox;
    }

    public static Metric Point(string key, double value, long step) => new(key, value, 1_700_000_000_000 + step, step);
}
