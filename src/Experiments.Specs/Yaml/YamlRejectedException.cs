namespace Experiments.Specs;

/// <summary>Stops reading a document that cannot be accepted at all (syntax, aliases, nesting).</summary>
internal sealed class YamlRejectedException(int line, int column, string message) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}
