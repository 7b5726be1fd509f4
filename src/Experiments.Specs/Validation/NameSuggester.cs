namespace Experiments.Specs;

/// <summary>Finds the closest known name to a misspelt one ("paralel" -> "parallel").</summary>
internal static class NameSuggester
{
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(typed.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // Only suggest when the typo is small relative to the word; otherwise the hint misleads.
        return best is not null && bestDistance <= Math.Max(1, Math.Min(3, best.Length / 3)) ? best : null;
    }

    /// <summary>"unknown key 'x'; did you mean 'y'? allowed: a, b" (the hint only when one is close).</summary>
    public static string Unknown(string what, string typed, IReadOnlyCollection<string> known, string allowedLabel = "allowed")
    {
        var closest = Closest(typed, known);
        var hint = closest is null ? string.Empty : $"; did you mean '{closest}'?";
        return $"unknown {what} '{typed}'{hint}{(closest is null ? ";" : string.Empty)} {allowedLabel}: {string.Join(", ", known)}";
    }

    /// <summary>Levenshtein distance with adjacent transpositions (optimal string alignment).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
