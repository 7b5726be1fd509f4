using System.Security.Cryptography;
using System.Text;

namespace Experiments.Api.Authentication;

/// <summary>
/// The configured tokens, kept as SHA-256 hashes and compared in constant time: equal-length hashes hide a
/// token's length, and every token is compared, so the time taken says nothing about which one almost matched.
/// </summary>
internal sealed class ApiTokenSet
{
    private readonly List<(byte[] Hash, ApiAccess Access, string Label)> tokens = [];

    public ApiTokenSet(ExperimentsApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AllowAnonymous = options.AllowAnonymous;
        Add(options.AllReadTokens, ApiAccess.Read, "read");
        Add(options.AllWriteTokens, ApiAccess.Write, "write");
    }

    public bool AllowAnonymous { get; }

    /// <summary>The access <paramref name="presented"/> grants (the highest, if listed twice) and a label naming it without its value.</summary>
    public (ApiAccess Access, string Label) Match(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var access = ApiAccess.None;
        var label = string.Empty;
        foreach (var token in tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, token.Hash) && token.Access > access)
            {
                access = token.Access;
                label = token.Label;
            }
        }

        return (access, label);
    }

    private void Add(IEnumerable<string> values, ApiAccess access, string kind)
    {
        var number = 0;
        foreach (var value in values)
        {
            number++;
            tokens.Add((SHA256.HashData(Encoding.UTF8.GetBytes(value)), access, $"{kind} token {number}"));
        }
    }
}
