using Experiments.Contracts.Parameters;

namespace Experiments.Training.Engine;

/// <summary>
/// The curriculum stage a run enters: its index in the trial's plan, its name, and every curriculum setting of the
/// family resolved (the stage's value, else the trial's hyperparameter of that name, else the setting's default).
/// </summary>
internal sealed record CurriculumStageSettings(int Index, string Name, IReadOnlyDictionary<string, ParameterValue> Values)
{
    public double Number(string setting) => Values[setting].AsDouble();

    public long Integer(string setting) => Values[setting].AsInt64();
}
