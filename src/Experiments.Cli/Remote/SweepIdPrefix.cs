using Experiments.Contracts.Api;

namespace Experiments.Cli.Remote;

/// <summary>
/// A sweep named on the command line as git names commits: its 32-hex id (dashes allowed, as in the API's GUIDs) or
/// any prefix of it that only one sweep on the server has.
/// </summary>
public static class SweepIdPrefix
{
    public const int FullLength = 32;

    /// <summary>Lower-case hex without dashes; null when <paramref name="text"/> is not a sweep id or a prefix of one.</summary>
    public static string? Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.Trim().Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return hex.Length is > 0 and <= FullLength && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }

    /// <summary>The one sweep whose id starts with <paramref name="prefix"/> (normalized).</summary>
    /// <exception cref="RemoteCommandFailure">No sweep or several start with it (exit 2).</exception>
    public static Guid Match(string prefix, IReadOnlyList<SweepSummary> sweeps, string server)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(sweeps);
        var matches = sweeps.Where(s => s.SweepId.ToString("N").StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0].SweepId,
            0 => throw new RemoteCommandFailure($"no sweep {prefix} on {server}; experiments status lists the sweeps there", ExitCodes.InvalidInput),
            _ => throw new RemoteCommandFailure(
                $"{prefix} is ambiguous on {server}: {matches.Count} sweeps start with it " +
                $"({string.Join(", ", matches.Take(5).Select(s => $"{s.SweepId:N} of '{s.Experiment}'"))}{(matches.Count > 5 ? ", ..." : string.Empty)}); give more of the id",
                ExitCodes.InvalidInput),
        };
    }

    /// <summary>The sweep <paramref name="prefix"/> names: a full id as it is (the server says if it knows it), a shorter one looked up in the server's list.</summary>
    public static async Task<Guid> ResolveAsync(ExperimentsApiClient client, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(prefix);
        return prefix.Length == FullLength
            ? Guid.ParseExact(prefix, "N")
            : Match(prefix, await client.ListSweepsAsync(cancellationToken), client.Connection.Display);
    }
}
