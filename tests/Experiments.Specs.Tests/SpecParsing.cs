using Experiments.Training.Models;

namespace Experiments.Specs.Tests;

/// <summary>The parser as the CLI calls it: against the catalog of the registered model families.</summary>
internal static class SpecParsing
{
    public static SpecParseResult Parse(string yaml, string sourceName, string? baseDirectory = null) =>
        SweepSpecParser.Parse(yaml, sourceName, ModelFamilies.Catalog, baseDirectory);

    public static SpecParseResult ParseFile(string path) => SweepSpecParser.ParseFile(path, ModelFamilies.Catalog);
}
