using Experiments.Specs;

namespace Experiments.Cli.Commands;

/// <summary>Prints spec errors as compilers do: file:line:column: field: message.</summary>
public static class SpecErrorsWriter
{
    public static void Write(TextWriter error, SpecParseResult result)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var specError in result.Errors)
        {
            error.WriteLine(specError.ToString());
        }

        error.WriteLine($"{result.Errors.Count} error(s); nothing was run.");
    }
}
