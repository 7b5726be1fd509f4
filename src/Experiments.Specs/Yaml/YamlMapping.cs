namespace Experiments.Specs;

internal sealed record YamlMapping(int Line, int Column, IReadOnlyList<YamlMappingEntry> Entries) : YamlNode(Line, Column)
{
    public override string Describe() => "a mapping";
}
