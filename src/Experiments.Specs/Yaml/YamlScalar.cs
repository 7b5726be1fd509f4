using System.Text.RegularExpressions;

namespace Experiments.Specs;

/// <summary>
/// A scalar as written. Only plain (unquoted) scalars are typed as null, booleans or numbers,
/// following the YAML 1.2 core schema; quoted scalars are always text.
/// </summary>
internal sealed partial record YamlScalar(int Line, int Column, string Value, bool IsPlain) : YamlNode(Line, Column)
{
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public bool? AsBool => !IsPlain ? null : Value switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    public bool IsInteger => IsPlain && IntegerPattern().IsMatch(Value);

    /// <summary>Integers and floats alike: 4, -2, 0.5, 1e-4, 1.0e-4, .5 (not .inf or .nan).</summary>
    public bool IsNumber => IsPlain && NumberPattern().IsMatch(Value);

    public override string Describe() => IsNull ? "nothing (null)" : $"'{Value}'";

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
