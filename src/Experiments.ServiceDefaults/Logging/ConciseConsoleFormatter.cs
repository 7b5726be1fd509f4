using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Experiments.ServiceDefaults.Logging;

/// <summary>
/// A console format for people, not log shippers: one short line per entry, <c>level: Component: message</c>,
/// with an exception's message only (no stack trace), each distinct warning or error (same category and
/// message template) printed once, and credentials removed from URLs. When it is disposed (the host
/// stops) one line counts the repeats it left out. With <see cref="ConciseConsoleFormatterOptions.Verbose"/>
/// every entry is written in full, with timestamp, category and stack trace (credentials still removed).
/// </summary>
public sealed class ConciseConsoleFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "concise";

    private const string OriginalFormatKey = "{OriginalFormat}";

    private readonly IDisposable? optionsReload;
    private readonly ConcurrentDictionary<string, int> repeats = new(StringComparer.Ordinal);
    private ConciseConsoleFormatterOptions options;

    public ConciseConsoleFormatter(IOptionsMonitor<ConciseConsoleFormatterOptions> options)
        : base(FormatterName)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.CurrentValue;
        optionsReload = options.OnChange(updated => this.options = updated);
    }

    /// <summary>How many warnings and errors were not written because the same one was written before.</summary>
    public int RepeatsLeftOut => repeats.Values.Sum();

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception) ?? string.Empty;
        if (message.Length == 0 && logEntry.Exception is null)
        {
            return;
        }

        var settings = options;
        if (settings.Verbose)
        {
            WriteVerbose(logEntry, message, scopeProvider, settings, textWriter);
            return;
        }

        if (logEntry.LogLevel >= LogLevel.Warning && !IsFirstOccurrence(logEntry.Category, Template(logEntry.State) ?? message))
        {
            return;
        }

        var line = $"{LevelName(logEntry.LogLevel)}: {Component(logEntry.Category)}: {WithException(message, logEntry.Exception)}";
        line = CredentialRedactor.Redact(line.ReplaceLineEndings(" "));
        if (line.Length > settings.MaxLineLength)
        {
            line = string.Concat(line.AsSpan(0, Math.Max(1, settings.MaxLineLength - 3)), "...");
        }

        textWriter.WriteLine(line);
    }

    public void Dispose()
    {
        optionsReload?.Dispose();
        var leftOut = RepeatsLeftOut;
        if (leftOut > 0)
        {
            // The console logger's queue is gone by now (it is disposed first): write the count directly.
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{leftOut} repeat(s) of warnings shown above were left out; {options.VerboseHint}."));
        }
    }

    /// <summary>The last part of a category: "Experiments.Tracking.BestEffortTracker" is "BestEffortTracker".</summary>
    public static string Component(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        var name = category;
        var generic = name.IndexOf('`', StringComparison.Ordinal);
        if (generic >= 0)
        {
            name = name[..generic];
        }

        var lastDot = name.LastIndexOfAny(['.', '+']);
        return lastDot >= 0 && lastDot < name.Length - 1 ? name[(lastDot + 1)..] : name;
    }

    private bool IsFirstOccurrence(string category, string template)
    {
        var times = repeats.AddOrUpdate(category + "\n" + template, 0, (_, count) => count + 1);
        return times == 0;
    }

    private static string? Template<TState>(TState state)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key == OriginalFormatKey)
                {
                    return value as string;
                }
            }
        }

        return null;
    }

    private static string WithException(string message, Exception? exception)
    {
        if (exception is null)
        {
            return message;
        }

        var reason = exception.Message;
        if (message.Contains(reason, StringComparison.Ordinal))
        {
            return message;
        }

        return message.Length == 0 ? reason : $"{message.TrimEnd('.', ' ')}: {reason}";
    }

    private static void WriteVerbose<TState>(
        in LogEntry<TState> logEntry, string message, IExternalScopeProvider? scopeProvider, ConciseConsoleFormatterOptions settings, TextWriter textWriter)
    {
        var now = settings.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
        var timestamp = now.ToString(settings.TimestampFormat ?? "yyyy-MM-dd HH:mm:ss.fff ", CultureInfo.InvariantCulture);
        var scopes = string.Empty;
        if (settings.IncludeScopes && scopeProvider is not null)
        {
            var collected = new List<string>();
            scopeProvider.ForEachScope((scope, list) => list.Add(Convert.ToString(scope, CultureInfo.InvariantCulture) ?? string.Empty), collected);
            scopes = collected.Count == 0 ? string.Empty : " => " + string.Join(" => ", collected);
        }

        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{timestamp}{LevelName(logEntry.LogLevel)}: {logEntry.Category}[{logEntry.EventId.Id}]{scopes} {message}");
        textWriter.WriteLine(CredentialRedactor.Redact(text));
        if (logEntry.Exception is not null)
        {
            textWriter.WriteLine(CredentialRedactor.Redact(logEntry.Exception.ToString()));
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => level.ToString().ToLowerInvariant(),
    };
}
