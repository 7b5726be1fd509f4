using Microsoft.Extensions.Logging;

namespace Experiments.Tracking.Outbox;

/// <summary>
/// Counts deliveries and tells people about an outage once when it starts and once when it ends, instead of a
/// warning per failed request.
/// </summary>
internal sealed class DeliveryHealth(ILogger logger, string target, TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly HashSet<string> reportedRejections = new(StringComparer.Ordinal);
    private DateTimeOffset? failingSince;
    private long delivered;
    private long rejected;

    public string Target => target;

    public long Delivered => Interlocked.Read(ref delivered);

    public long Rejected => Interlocked.Read(ref rejected);

    /// <summary>Why delivery fails, while it does.</summary>
    public string? LastError { get; private set; }

    public void OnFailure(Exception exception, string folder, int pending)
    {
        var reason = Describe(exception);
        lock (gate)
        {
            LastError = reason;
            if (failingSince is not null)
            {
                return;
            }

            failingSince = clock.GetUtcNow();
        }

        logger.LogWarning(
            "MLflow at {Target} cannot take tracking data ({Reason}); what is queued waits in {Folder} ({Pending} items so far) and is retried until it can; training goes on",
            target, reason, pending, folder);
        logger.LogDebug(exception, "Tracking delivery to {Target} failed", target);
    }

    public void OnDelivered(int count)
    {
        Interlocked.Add(ref delivered, count);
        DateTimeOffset? since;
        lock (gate)
        {
            since = failingSince;
            failingSince = null;
            LastError = null;
        }

        if (since is { } start)
        {
            logger.LogWarning("MLflow at {Target} takes tracking data again after {Seconds:F0} s; delivering what waited", target, (clock.GetUtcNow() - start).TotalSeconds);
        }
    }

    public void OnRejected(string runKey, string experimentName, Exception exception, string rejectedPath, int count)
    {
        Interlocked.Add(ref rejected, count);
        bool first;
        lock (gate)
        {
            first = reportedRejections.Add(runKey);
        }

        if (first)
        {
            logger.LogWarning(
                "MLflow at {Target} refused tracking data of run {RunKey} in experiment '{Experiment}' ({Reason}); it is set aside in {Path}",
                target, runKey, experimentName, Describe(exception), rejectedPath);
        }

        logger.LogDebug(exception, "Tracking data of run {RunKey} was refused", runKey);
    }

    /// <summary>One line: the message of the exception and of what caused it, without stack traces.</summary>
    public static string Describe(Exception exception)
    {
        // Only a transport error's own message is too vague to stand alone ("An error occurred while sending the request.").
        var message = exception.Message;
        if (exception is HttpRequestException { InnerException: { } inner } && !message.Contains(inner.Message, StringComparison.Ordinal))
        {
            message = $"{message} {inner.Message}";
        }

        message = message.ReplaceLineEndings(" ").Trim();
        return message.Length <= 300 ? message : message[..300] + "...";
    }
}
