using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Experiments.Cli.Commands;

/// <summary>
/// What an option accepts, as custom parsers: a value that does not fit becomes a parse error naming the
/// option, the value given and what is allowed (exit 2), instead of the conversion exception that
/// System.CommandLine throws when a validator reads an unparsable value. An option given without a value
/// gets the same kind of message rather than a silent default.
/// </summary>
public static partial class OptionValueRules
{
    public static Option<int> AcceptWholeNumber(this Option<int> option, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(option);
        var allowed = $"{min} to {max}";
        option.CustomParser = result =>
        {
            if (LastToken(result) is not { } text)
            {
                return default;
            }

            if (!WholeNumberPattern().IsMatch(text))
            {
                result.AddError($"{option.Name}: '{text}' is not a whole number; allowed: {allowed}");
                return default;
            }

            // A whole number too long for an int is out of range, not malformed.
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                result.AddError($"{option.Name}: '{text}' is out of range; allowed: {allowed}");
                return default;
            }

            return value;
        };
        return option.RequireValueWhenGiven(allowed);
    }

    public static Option<string?> AcceptOneOf(this Option<string?> option, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(option);
        var allowed = string.Join(", ", values);
        option.CustomParser = result =>
        {
            var text = LastToken(result);
            if (text is null || values.Contains(text, StringComparer.Ordinal))
            {
                return text;
            }

            result.AddError($"{option.Name}: '{text}' is not allowed; allowed: {allowed}");
            return null;
        };
        return option.RequireValueWhenGiven(allowed);
    }

    /// <summary>A path that must not be empty; whether it is usable is checked before anything starts, not while parsing.</summary>
    public static Option<string> AcceptPath(this Option<string> option, string allowed)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = result =>
        {
            var text = LastToken(result);
            if (text is not null && string.IsNullOrWhiteSpace(text))
            {
                result.AddError($"{option.Name}: the path is empty; allowed: {allowed}");
            }

            return text;
        };
        return option.RequireValueWhenGiven(allowed);
    }

    /// <summary>Text that must not be empty nor longer than <paramref name="maxLength"/> characters.</summary>
    public static Option<string> AcceptText(this Option<string> option, string allowed, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = result =>
        {
            var text = LastToken(result);
            if (text is not null && string.IsNullOrWhiteSpace(text))
            {
                result.AddError($"{option.Name}: the value is empty; allowed: {allowed}");
            }
            else if (text is not null && text.Length > maxLength)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name}: {text.Length} characters; allowed: {allowed}, at most {maxLength} characters"));
            }

            return text;
        };
        return option.RequireValueWhenGiven(allowed);
    }

    /// <summary>A sweep's 32-hex id or a prefix of it (dashes allowed); the value is the normalized prefix.</summary>
    public static Argument<string> AcceptSweepId(this Argument<string> argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        argument.CustomParser = result =>
        {
            if (LastToken(result) is not { } text)
            {
                return null;
            }

            if (Remote.SweepIdPrefix.Normalize(text) is { } prefix)
            {
                return prefix;
            }

            result.AddError($"{argument.Name}: '{text}' is not a sweep id; allowed: the sweep's 32-hex id or a prefix of it (experiments status lists them)");
            return null;
        };
        return argument;
    }

    private static TOption RequireValueWhenGiven<TOption>(this TOption option, string allowed)
        where TOption : Option
    {
        // Zero or one value, so that "--workers" at the end of the line reaches this rule instead of
        // System.CommandLine's generic "Required argument missing".
        option.Arity = ArgumentArity.ZeroOrOne;
        option.Validators.Add(result =>
        {
            if (!result.Implicit && result.Tokens.Count == 0)
            {
                result.AddError($"{option.Name}: no value given; allowed: {allowed}");
            }
        });
        return option;
    }

    private static string? LastToken(ArgumentResult result) => result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;

    [GeneratedRegex(@"^[+-]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeNumberPattern();
}
