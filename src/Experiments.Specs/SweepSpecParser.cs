using Experiments.Contracts.Models;
using System.Text;

namespace Experiments.Specs;

/// <summary>
/// Reads sweep specs (YAML, see docs/spec.md) into validated <see cref="SweepSpec"/>s. Never throws
/// for bad input: every problem comes back as a <see cref="SpecError"/> with its position.
/// </summary>
public static class SweepSpecParser
{
    /// <summary>Specs are small; the cap bounds the work an oversized or hostile file can cause.</summary>
    public const int MaxSpecBytes = 1024 * 1024;

    private const string DocumentField = "(document)";
    private const string FileField = "(file)";

    /// <summary>
    /// Parses <paramref name="yaml"/>. <paramref name="sourceName"/> labels errors; relative data set
    /// paths resolve against <paramref name="baseDirectory"/> (the current directory when null); model names, hyperparameters and metrics are checked against <paramref name="catalog"/>.
    /// </summary>
    public static SpecParseResult Parse(string yaml, string sourceName, IModelCatalog catalog, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);

        ArgumentNullException.ThrowIfNull(catalog);
        var validator = new SweepSpecValidator(sourceName, baseDirectory ?? Directory.GetCurrentDirectory(), catalog);
        if (Encoding.UTF8.GetByteCount(yaml) > MaxSpecBytes)
        {
            validator.Error(1, 1, DocumentField, $"the spec is larger than {MaxSpecBytes} bytes (1 MiB); sweep specs are expected to be small");
            return Result(null, validator);
        }

        YamlNode? root;
        try
        {
            root = YamlTreeReader.Read(yaml);
        }
        catch (YamlRejectedException rejected)
        {
            validator.Error(rejected.Line, rejected.Column, DocumentField, rejected.Message);
            return Result(null, validator);
        }

        var spec = validator.Validate(root, yaml);
        return Result(spec, validator);
    }

    /// <summary>Reads and parses the file at <paramref name="path"/>; relative data set paths resolve against its folder.</summary>
    public static SpecParseResult ParseFile(string path, IModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(path);

        string text;
        var fullPath = path;
        try
        {
            fullPath = Path.GetFullPath(path);
            if (Directory.Exists(fullPath))
            {
                return FileError(path, $"'{fullPath}' is a folder, not a spec file; pass the path of a YAML spec file");
            }

            var file = new FileInfo(fullPath);
            if (!file.Exists)
            {
                return FileError(path, $"spec file not found: '{fullPath}'");
            }

            if (file.Length > MaxSpecBytes)
            {
                return FileError(path, $"the spec file is {file.Length} bytes; the limit is {MaxSpecBytes} bytes (1 MiB)");
            }

            text = File.ReadAllText(fullPath, Encoding.UTF8);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return FileError(path, $"cannot read the spec file '{fullPath}': {error.Message.TrimEnd('.')}");
        }

        return Parse(text, path, catalog, Path.GetDirectoryName(fullPath));
    }

    private static SpecParseResult FileError(string path, string message) =>
        new(null, [new SpecError(path, 0, 0, FileField, message)]);

    private static SpecParseResult Result(SweepSpec? spec, SweepSpecValidator validator)
    {
        // Report in document order, whichever check found them first.
        var errors = validator.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new SpecParseResult(errors.Count == 0 ? spec : null, errors);
    }
}
