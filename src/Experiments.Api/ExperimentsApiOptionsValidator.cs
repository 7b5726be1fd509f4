using Microsoft.Extensions.Options;

namespace Experiments.Api;

/// <summary>Refuses to start an API that anyone could use by accident: no tokens and no explicit AllowAnonymous, or weak tokens.</summary>
internal sealed class ExperimentsApiOptionsValidator : IValidateOptions<ExperimentsApiOptions>
{
    private const string Keys =
        "Experiments:Api:WriteToken and Experiments:Api:ReadToken (environment Experiments__Api__WriteToken, Experiments__Api__ReadToken), " +
        "or the lists Experiments:Api:WriteTokens and Experiments:Api:ReadTokens (Experiments__Api__WriteTokens__0, ...)";

    public ValidateOptionsResult Validate(string? name, ExperimentsApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var tokens = options.AllReadTokens.Select(t => ("read", t)).Concat(options.AllWriteTokens.Select(t => ("write", t))).ToList();
        if (tokens.Count == 0 && !options.AllowAnonymous)
        {
            failures.Add(
                $"The REST API has no bearer tokens: set {Keys}; or set Experiments:Api:AllowAnonymous=true " +
                "(Experiments__Api__AllowAnonymous=true) to serve it without authentication, only where the network is trusted.");
        }

        if (tokens.Count > 0 && options.AllowAnonymous)
        {
            failures.Add("Experiments:Api:AllowAnonymous=true cannot be combined with bearer tokens: remove the tokens, or the AllowAnonymous setting.");
        }

        // Says which setting is wrong by its kind and position, never by its value.
        var position = 0;
        foreach (var (kind, token) in tokens)
        {
            position++;
            if (string.IsNullOrWhiteSpace(token) || token.Length < ExperimentsApiOptions.MinTokenLength || token.Any(char.IsWhiteSpace))
            {
                failures.Add(
                    $"A {kind} token of the REST API (number {position} of {tokens.Count}) is empty, shorter than {ExperimentsApiOptions.MinTokenLength} characters or contains white space; " +
                    "use a long random string, e.g. from 'openssl rand -hex 32'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
