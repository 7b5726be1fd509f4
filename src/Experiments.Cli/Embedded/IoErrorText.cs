using System.Text.RegularExpressions;

namespace Experiments.Cli.Embedded;

/// <summary>The reason of an I/O error, for a message that names the path itself.</summary>
public static partial class IoErrorText
{
    /// <summary>"Read-only file system : '/x'" becomes "Read-only file system"; other messages lose their final period.</summary>
    public static string Reason(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return PathSuffix().Replace(exception.Message, string.Empty).TrimEnd('.');
    }

    [GeneratedRegex(@" : '[^']*'$", RegexOptions.CultureInvariant)]
    private static partial Regex PathSuffix();
}
