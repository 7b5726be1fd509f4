namespace Experiments.Contracts.Models;

/// <summary>A catalog over a fixed list of descriptors (built from the registered model families).</summary>
public sealed class ModelCatalog : IModelCatalog
{
    public ModelCatalog(IEnumerable<ModelDescriptor> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        All = models.ToList();
        var duplicate = All.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two model families are registered as '{duplicate.Key}'.", nameof(models));
        }
    }

    public IReadOnlyList<ModelDescriptor> All { get; }

    public ModelDescriptor? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));
}
