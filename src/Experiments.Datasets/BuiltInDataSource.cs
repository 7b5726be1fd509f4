namespace Experiments.Datasets;

/// <summary>A data set known by name (<c>dataset: mnist</c>): its shape is known without opening it.</summary>
/// <param name="Name">The name a spec uses.</param>
/// <param name="Description">One sentence for documentation and error messages.</param>
/// <param name="Shape">The shape of its examples.</param>
/// <param name="Open">Opens it, given the folder the shipped data sets were copied to.</param>
public sealed record BuiltInDataSource(string Name, string Description, DataShape Shape, Func<string, IDataSource> Open);
