namespace Experiments.Tracking;

/// <summary>
/// A parsed <see cref="TrackingOptions.TrackingUri"/>: the file store root (absolute path) or the REST base URI.
/// </summary>
internal sealed record TrackingTarget(TrackingBackendKind Kind, string FileStoreRoot, Uri? RestBaseUri)
{
    public const string DefaultFileStoreDirectory = "mlruns";

    public static TrackingTarget Parse(string? trackingUri)
    {
        if (string.IsNullOrWhiteSpace(trackingUri))
        {
            return FileStore(Path.GetFullPath(DefaultFileStoreDirectory));
        }

        var text = trackingUri.Trim();
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var restUri))
            {
                throw new ArgumentException($"MLFLOW_TRACKING_URI '{text}' is not a valid http(s) URI.", nameof(trackingUri));
            }

            // Credentials belong in MLFLOW_TRACKING_USERNAME/PASSWORD; keeping them out of the base URI keeps them out of logs and exception messages.
            var builder = new UriBuilder(restUri) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty };
            return new TrackingTarget(TrackingBackendKind.Rest, string.Empty, builder.Uri);
        }

        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(text, UriKind.Absolute, out var fileUri))
            {
                return FileStore(Path.GetFullPath(fileUri.LocalPath));
            }

            // "file:relative/path" form accepted by MLflow.
            return FileStore(Path.GetFullPath(text["file:".Length..]));
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            throw new NotSupportedException(
                $"MLFLOW_TRACKING_URI scheme of '{text}' is not supported: use a path, file:// or http(s)://.");
        }

        return FileStore(Path.GetFullPath(text));
    }

    /// <summary>For messages: the server's URL (no credentials) or the file store's folder.</summary>
    public string Describe() => Kind == TrackingBackendKind.Rest ? RestBaseUri!.AbsoluteUri : FileStoreRoot;

    private static TrackingTarget FileStore(string root) => new(TrackingBackendKind.FileStore, root, null);
}
