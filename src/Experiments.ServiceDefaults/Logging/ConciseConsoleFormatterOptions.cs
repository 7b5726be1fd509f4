using Microsoft.Extensions.Logging.Console;

namespace Experiments.ServiceDefaults.Logging;

/// <summary>
/// Settings of <see cref="ConciseConsoleFormatter"/>; bound from Logging:Console:FormatterOptions (e.g.
/// Logging__Console__FormatterOptions__Verbose=true), the CLI sets <see cref="Verbose"/> from --verbose.
/// </summary>
public sealed class ConciseConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Full detail: timestamps, full category names, every occurrence, exceptions with their stack traces.</summary>
    public bool Verbose { get; set; }

    /// <summary>Without <see cref="Verbose"/>, longer messages are cut to this many characters.</summary>
    public int MaxLineLength { get; set; } = 400;

    /// <summary>How to see what was left out, for the line that counts repeated warnings at the end.</summary>
    public string VerboseHint { get; set; } = "set Logging__Console__FormatterOptions__Verbose=true to see every one";
}
