namespace Experiments.Tracking;

/// <summary>Key, value and path rules shared by both backends, following MLflow's validation.</summary>
internal static class MlflowValidation
{
    /// <summary>Metric, param and tag keys: alphanumerics, <c>_ - . space /</c>, at most 250 chars, a normalized relative path.</summary>
    public static void ValidateKey(string key, string kind)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException($"{kind} key must not be empty.", nameof(key));
        }

        if (key.Length > MlflowLimits.MaxKeyLength)
        {
            throw new ArgumentException(
                $"{kind} key '{key[..40]}...' is {key.Length} characters long; MLflow allows at most {MlflowLimits.MaxKeyLength}.",
                nameof(key));
        }

        foreach (var c in key)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' or '/'))
            {
                throw new ArgumentException(
                    $"{kind} key '{key}' contains '{c}'; MLflow allows only alphanumerics, underscores, dashes, periods, spaces and slashes.",
                    nameof(key));
            }
        }

        // MLflow rejects keys that are not a normalized relative path: they would escape or alias the run folder.
        if (!IsNormalizedRelativePath(key))
        {
            throw new ArgumentException(
                $"{kind} key '{key}' must be a normalized relative path (no leading or trailing '/', no '//', no '.' or '..' segments).",
                nameof(key));
        }
    }

    public static void ValidateParamValue(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MlflowLimits.MaxParamValueLength)
        {
            throw new ArgumentException(
                $"Param '{key}' value is {value.Length} characters long; MLflow allows at most {MlflowLimits.MaxParamValueLength}.",
                nameof(value));
        }
    }

    public static void ValidateTagValue(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MlflowLimits.MaxTagValueLength)
        {
            throw new ArgumentException(
                $"Tag '{key}' value is {value.Length} characters long; the limit is {MlflowLimits.MaxTagValueLength}.",
                nameof(value));
        }
    }

    /// <summary>Validates a whole batch before anything is written, so a bad entry never leaves half a batch behind.</summary>
    public static void ValidateBatch(
        IReadOnlyList<Metric> metrics,
        IReadOnlyDictionary<string, string>? parameters,
        IReadOnlyDictionary<string, string>? tags)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var metric in metrics)
        {
            ArgumentNullException.ThrowIfNull(metric, nameof(metrics));
            ValidateKey(metric.Key, "Metric");
        }

        foreach (var (key, value) in parameters ?? EmptyDictionary)
        {
            ValidateKey(key, "Param");
            ValidateParamValue(key, value);
        }

        foreach (var (key, value) in tags ?? EmptyDictionary)
        {
            ValidateKey(key, "Tag");
            ValidateTagValue(key, value);
        }
    }

    /// <summary>Tag keys and values used in searches: plain enough to need no quoting in MLflow's filter syntax.</summary>
    public static void ValidateSearchTerm(string term, string what)
    {
        if (string.IsNullOrEmpty(term) || term.Length > 250 || !term.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '/' or '-'))
        {
            throw new ArgumentException($"{what} '{term}' cannot be searched for; use letters, digits and _.:/- (at most 250).", nameof(term));
        }
    }

    /// <summary>Artifact paths: relative, <c>/</c>-separated, never escaping the artifacts folder.</summary>
    public static string[] SplitArtifactPath(string artifactPath)
    {
        ArgumentNullException.ThrowIfNull(artifactPath);
        if (artifactPath.Length == 0 || artifactPath.StartsWith('/') || artifactPath.Contains('\\', StringComparison.Ordinal)
            || Path.IsPathRooted(artifactPath) || artifactPath.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Artifact path '{artifactPath}' must be a non-empty relative path using '/' separators.", nameof(artifactPath));
        }

        var segments = artifactPath.Split('/');
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment is "." or ".." || segment.Any(char.IsControl))
            {
                throw new ArgumentException(
                    $"Artifact path '{artifactPath}' must not contain empty, '.' or '..' segments or control characters.",
                    nameof(artifactPath));
            }
        }

        return segments;
    }

    public static void ValidateRunId(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        foreach (var c in runId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new ArgumentException($"Run id '{runId}' is not a valid MLflow run id.", nameof(runId));
            }
        }
    }

    /// <summary>A run key: 32 lowercase hexadecimal characters, the form of an MLflow run id (<c>Guid.ToString("N")</c>).</summary>
    public static void ValidateRunKey(string runKey)
    {
        ArgumentNullException.ThrowIfNull(runKey);
        if (runKey.Length != 32 || !runKey.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArgumentException(
                $"Run key '{runKey}' must be 32 lowercase hexadecimal characters, such as Guid.NewGuid().ToString(\"N\").",
                nameof(runKey));
        }
    }

    private static bool IsNormalizedRelativePath(string key)
    {
        if (key.StartsWith('/') || key.EndsWith('/'))
        {
            return false;
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyDictionary = new Dictionary<string, string>();
}
