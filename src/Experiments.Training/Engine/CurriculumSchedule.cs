using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;

namespace Experiments.Training.Engine;

/// <summary>
/// A trial's curriculum as the loop uses it: the stage of an epoch (a pure function of the epoch, so a resumed run
/// enters the stage an uninterrupted one would be in) and each stage's settings, resolved against the family's
/// curriculum settings and the trial's hyperparameters.
/// </summary>
internal sealed class CurriculumSchedule(CurriculumPlan plan, CurriculumDescriptor curriculum, IReadOnlyDictionary<string, ParameterValue> hyperparameters)
{
    public CurriculumPlan Plan => plan;

    public int StageAt(int epoch) => plan.StageAt(epoch);

    public CurriculumStageSettings Stage(int index)
    {
        var stage = plan.Stages[index];
        var values = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        foreach (var setting in curriculum.Settings)
        {
            values[setting.Name] = stage.Settings.TryGetValue(setting.Name, out var value) ? value
                : hyperparameters.TryGetValue(setting.Name, out var hyperparameter) ? hyperparameter
                : setting.Default;
        }

        return new CurriculumStageSettings(index, stage.Name, values);
    }
}
