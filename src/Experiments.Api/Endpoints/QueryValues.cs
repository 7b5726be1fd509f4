using System.Globalization;
using Experiments.Api.Errors;

namespace Experiments.Api.Endpoints;

/// <summary>
/// Query values read by hand rather than bound, so a bad one is a problem+json 400 naming the parameter and
/// what is allowed (minimal API binding would answer an empty 400).
/// </summary>
internal static class QueryValues
{
    public static int WholeNumber(string? text, string name, int defaultValue, int min, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw RequestRejectedException.BadRequest(
                string.Create(CultureInfo.InvariantCulture, $"{name}: '{text}' is not allowed; allowed: a whole number from {min} to {max}"));
        }

        return value;
    }

    /// <summary>true, false, 1 or 0; a parameter given without a value (<c>?new</c>) means true.</summary>
    public static bool Flag(string? text, string name) => text?.ToUpperInvariant() switch
    {
        null => false,
        "" => true,
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        _ => throw RequestRejectedException.BadRequest($"{name}: '{text}' is not allowed; allowed: true or false"),
    };

    public static Guid SweepId(string text) =>
        Guid.TryParse(text, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw RequestRejectedException.BadRequest($"'{text}' is not a sweep id; a sweep id is a GUID, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301");
}
