namespace Experiments.Specs;

/// <summary>A node of the spec's YAML tree, with the 1-based position where it starts.</summary>
internal abstract record YamlNode(int Line, int Column)
{
    /// <summary>What kind of node this is, for messages such as "expected a mapping, got a list".</summary>
    public abstract string Describe();
}
