namespace Experiments.Specs;

internal sealed record YamlSequence(int Line, int Column, IReadOnlyList<YamlNode> Items) : YamlNode(Line, Column)
{
    public override string Describe() => "a list";
}
