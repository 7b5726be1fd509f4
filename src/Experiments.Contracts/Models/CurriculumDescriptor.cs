namespace Experiments.Contracts.Models;

/// <summary>
/// A family's curriculum: the settings a stage may change, each described like a hyperparameter (type, bounds, and in
/// <see cref="HyperparameterDescriptor.Default"/> the value it has outside any stage), and the family's default stages,
/// which a spec turns on with <c>curriculum: default</c>. A setting a stage leaves out keeps its value outside the
/// curriculum: the trial's hyperparameter of the same name where the model has one, else the setting's default.
/// </summary>
public sealed record CurriculumDescriptor(
    string Description,
    IReadOnlyList<HyperparameterDescriptor> Settings,
    IReadOnlyList<CurriculumStageDefault> DefaultStages)
{
    /// <summary>A family without curriculum settings.</summary>
    public static CurriculumDescriptor None { get; } = new("This model has no curriculum settings.", [], []);

    public HyperparameterDescriptor? FindSetting(string name) => Settings.FirstOrDefault(s => s.Name == name);
}
