using System.Text.RegularExpressions;

namespace Experiments.ServiceDefaults.Logging;

/// <summary>
/// Removes credentials from text that goes to a console or log file: the user:password@ part of URIs
/// (amqp://guest:guest@host), the values of query parameters that carry secrets (?token=..., &amp;api_key=...)
/// and the value of Bearer/Basic authorization headers. Each is replaced by ***.
/// </summary>
public static partial class CredentialRedactor
{
    public const string Mask = "***";

    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        text = UserInfo().Replace(text, "${scheme}" + Mask + "@");
        text = SecretQueryValue().Replace(text, "${key}=" + Mask);
        return AuthorizationValue().Replace(text, "${scheme} " + Mask);
    }

    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@?#]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex(
        @"(?<=[?&;])(?<key>[^=&\s#?]*(?:token|secret|passw|pwd|auth|signature|credential|api[-_]?key|session)[^=&\s#?]*|key|sig|code|sas)=[^&\s#'"")>]*",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretQueryValue();

    // "Bearer <token>" anywhere; "Basic" only after "Authorization", since "basic" is also an ordinary word.
    [GeneratedRegex(@"(?<scheme>\bBearer|\bAuthorization:?\s*Basic)\s+[A-Za-z0-9._~+/=-]{8,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationValue();
}
