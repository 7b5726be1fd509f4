namespace Experiments.Cli.Remote;

/// <summary>
/// Which cluster the remote commands talk to (<c>--server</c> or <c>EXPERIMENTS_SERVER</c>) and the bearer token they
/// send (<c>--token-file</c> or <c>EXPERIMENTS_TOKEN</c>). The token is never part of any text this type makes.
/// </summary>
public sealed class ServerConnection
{
    public const string ServerVariable = "EXPERIMENTS_SERVER";

    public const string TokenVariable = "EXPERIMENTS_TOKEN";

    private ServerConnection(Uri server, string? token, string tokenSource)
    {
        Server = server;
        Token = token;
        TokenSource = tokenSource;
        Display = server.AbsoluteUri;
    }

    /// <summary>The API's base address, ending in '/' so that a path prefix (behind a proxy) is kept.</summary>
    public Uri Server { get; }

    /// <summary>The bearer token; null sends none (a server with AllowAnonymous).</summary>
    public string? Token { get; }

    /// <summary>Where the token came from, for messages: "EXPERIMENTS_TOKEN", the token file, or "no token".</summary>
    public string TokenSource { get; }

    /// <summary>The server as shown in messages.</summary>
    public string Display { get; }

    /// <param name="server">The --server value, if given; it wins over <c>EXPERIMENTS_SERVER</c>.</param>
    /// <param name="tokenFile">The --token-file value, if given; it wins over <c>EXPERIMENTS_TOKEN</c>.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <exception cref="RemoteCommandFailure">No server, a malformed one, or an unreadable or malformed token (exit 2).</exception>
    public static ServerConnection Resolve(string? server, string? tokenFile, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (serverText, serverSource) = string.IsNullOrWhiteSpace(server)
            ? (environment(ServerVariable), ServerVariable)
            : (server, "--server");
        if (string.IsNullOrWhiteSpace(serverText))
        {
            throw new RemoteCommandFailure(
                $"no server given: pass --server URL or set {ServerVariable} to the URL of the silo's REST API, e.g. export {ServerVariable}=http://silo.example:5000",
                ExitCodes.InvalidInput);
        }

        var uri = ParseServer(serverText.Trim(), serverSource);
        var (token, tokenSource) = tokenFile is null ? (environment(TokenVariable), TokenVariable) : (ReadTokenFile(tokenFile), $"the token file {tokenFile}");
        token = token?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            return tokenFile is null
                ? new ServerConnection(uri, null, "no token")
                : throw new RemoteCommandFailure($"--token-file: {tokenFile} is empty; put the API token in it", ExitCodes.InvalidInput);
        }

        // HttpClient would refuse such a header with a message that quotes it: say so here, without the token.
        if (token.Any(c => c is <= ' ' or > '~'))
        {
            throw new RemoteCommandFailure(
                $"the token in {tokenSource} has spaces, line breaks or other characters a bearer token cannot have; set it to the token alone",
                ExitCodes.InvalidInput);
        }

        return new ServerConnection(uri, token, tokenSource);
    }

    /// <summary><paramref name="text"/> with the token, should it appear, replaced: for exception text shown with --verbose.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Token is null ? text : text.Replace(Token, "[token]", StringComparison.Ordinal);
    }

    private static Uri ParseServer(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw new RemoteCommandFailure(
                $"{source}: '{Shown(text)}' is not an http(s) URL; allowed: the URL of the silo's REST API, e.g. http://silo.example:5000",
                ExitCodes.InvalidInput);
        }

        // Credentials in the URL are not sent (the API takes bearer tokens) and must not show up in messages.
        var builder = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }

    /// <summary>A malformed server URL may still hold a password: show only what precedes an '@'.</summary>
    private static string Shown(string text) => text.Contains('@', StringComparison.Ordinal) ? "...@" + text[(text.LastIndexOf('@') + 1)..] : text;

    private static string ReadTokenFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new RemoteCommandFailure($"--token-file: cannot read {path}: {exception.Message.TrimEnd('.')}", ExitCodes.InvalidInput);
        }
    }
}
