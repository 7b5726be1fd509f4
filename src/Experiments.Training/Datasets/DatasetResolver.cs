using Experiments.Datasets;

namespace Experiments.Training.Datasets;

/// <summary>
/// Turns a request's dataset name into tensors through <see cref="DataSources"/>: a built-in name (the shipped
/// "mnist" is copied to &lt;output&gt;/data/mnist) or a folder.
/// </summary>
internal sealed class DatasetResolver
{
    private readonly string builtInRoot;

    public DatasetResolver(string? builtInRoot = null)
    {
        this.builtInRoot = builtInRoot ?? Path.Combine(AppContext.BaseDirectory, "data");
    }

    public TrainingData Load(string dataset)
    {
        try
        {
            return new TrainingData(DataSources.Open(dataset, builtInRoot).Load());
        }
        catch (DatasetLayoutException exception)
        {
            throw new TrainingParameterException(
                $"Dataset '{dataset}': {exception.Message.TrimEnd('.')} (use {string.Join(", ", DataSources.BuiltIn.Select(s => $"\"{s.Name}\""))} or {DataSources.FolderKinds}).", exception)
            {
                ParameterName = "dataset",
            };
        }
    }
}
