using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Experiments.Cli.Remote;

/// <summary>
/// What a remote command says when a request fails, in one line that names the server and what to do, and the exit
/// code: 1 for a server that cannot be reached or refuses the token, 2 for what the user asked for that does not
/// exist or is not allowed (an unknown sweep, an invalid request).
/// </summary>
public static class RemoteFailures
{
    private const string WriteTokenSetting = "Experiments__Api__WriteToken";

    private const string ReadTokenSetting = "Experiments__Api__ReadToken";

    /// <summary>The message and exit code for <paramref name="exception"/>; null for a failure that is not a request's (a bug).</summary>
    public static RemoteCommandFailure? Describe(Exception exception, ServerConnection connection)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(connection);
        var server = connection.Display;
        return exception switch
        {
            RemoteCommandFailure failure => failure,
            SweepNotFoundException notFound => new($"{notFound.Message}; experiments status lists the sweeps there", ExitCodes.InvalidInput),
            ApiProblemException { Problem: var problem } => Refused(problem, connection),
            HttpRequestException request => new($"cannot reach {server}: {Cause(request)}. Is the silo running and serving its REST API there? (--server or {ServerConnection.ServerVariable})", ExitCodes.Failure),
            TaskCanceledException { InnerException: TimeoutException } => new(
                string.Create(CultureInfo.InvariantCulture, $"{server} did not answer within {ExperimentsApiClient.RequestTimeout.TotalSeconds:F0} s; try again, or check the silo's health at {server}health"),
                ExitCodes.Failure),
            JsonException or NotSupportedException => new(
                $"{server} did not answer as the Experiments REST API does ({exception.Message.TrimEnd('.')}); check --server or {ServerConnection.ServerVariable}",
                ExitCodes.Failure),
            _ => null,
        };
    }

    private static RemoteCommandFailure Refused(ApiProblem problem, ServerConnection connection)
    {
        var server = connection.Display;
        return problem.Status switch
        {
            HttpStatusCode.Unauthorized when connection.Token is null => new(
                $"{server} needs a token: set {ServerConnection.TokenVariable} (or pass --token-file) to a token of the cluster " +
                $"({WriteTokenSetting} to submit, stop and resume; {ReadTokenSetting} is enough to look)",
                ExitCodes.Failure),
            HttpStatusCode.Unauthorized => new(
                $"the server refused the token from {connection.TokenSource}: set {ServerConnection.TokenVariable} to a read-write token of the cluster ({WriteTokenSetting})",
                ExitCodes.Failure),
            HttpStatusCode.Forbidden => new(
                $"the server refused the token from {connection.TokenSource} for this: it may only read; set {ServerConnection.TokenVariable} to a read-write token of the cluster ({WriteTokenSetting})",
                ExitCodes.Failure),
            HttpStatusCode.NotFound when !problem.FromApi => new(
                $"{server} has no Experiments REST API (404 {problem.Title}); check --server or {ServerConnection.ServerVariable}",
                ExitCodes.Failure),
            _ => new(
                $"{server} refused the request: {(int)problem.Status} {problem.Title}{(problem.Detail is null ? string.Empty : $": {problem.Detail}")}",
                problem.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound ? ExitCodes.InvalidInput : ExitCodes.Failure),
        };
    }

    /// <summary>Why the connection failed, in words: the socket's reason (connection refused, unknown host name, ...) where there is one.</summary>
    private static string Cause(HttpRequestException exception)
    {
        var socket = Find<SocketException>(exception);
        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"the host name cannot be resolved ({socket?.Message ?? exception.Message})",
            HttpRequestError.ConnectionError when socket is not null => socket.Message,
            HttpRequestError.SecureConnectionError => $"the TLS connection failed ({exception.GetBaseException().Message.TrimEnd('.')})",
            _ => exception.GetBaseException().Message.TrimEnd('.'),
        };
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
