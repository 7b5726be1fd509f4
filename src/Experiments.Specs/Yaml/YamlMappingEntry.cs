namespace Experiments.Specs;

/// <summary>One key: value pair of a mapping, in document order (duplicates are kept so they can be reported).</summary>
internal sealed record YamlMappingEntry(YamlScalar Key, YamlNode Value);
