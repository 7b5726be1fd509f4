using Experiments.Contracts.Trials;

namespace Experiments.Grains.Trials;

public static class TrialGrainExtensions
{
    /// <summary>One epoch's report (<see cref="ITrialGrain.OnEpochsAsync"/> with a single epoch).</summary>
    public static Task OnEpochAsync(this ITrialGrain trial, int attempt, int epoch, long step, Dictionary<string, double> metrics, int? stage = null, string? stageName = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return trial.OnEpochsAsync(attempt, [new EpochReport(epoch, step, metrics) { CurriculumStage = stage, CurriculumStageName = stageName }]);
    }
}
