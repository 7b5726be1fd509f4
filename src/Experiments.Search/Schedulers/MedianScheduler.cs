using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// <c>scheduler: median</c> (Golovin et al. 2017, Google Vizier's median stopping rule; Optuna's MedianPruner): a trial
/// stops when its best value so far is worse than the median of the values the completed trials reported at the same
/// epoch. Nothing stops before <c>startup_trials</c> trials have completed or before epoch <c>warmup_epochs</c>.
/// </summary>
public sealed class MedianScheduler(SchedulerSettings settings) : IScheduler
{
    public static readonly HyperparameterDescriptor StartupTrials = new(
        "startup_trials", ParameterKind.Int, ParameterValue.Int(5), "Completed trials needed before any trial is stopped.", Min: 1, Max: 100_000);

    public static readonly HyperparameterDescriptor WarmupEpochs = new(
        "warmup_epochs", ParameterKind.Int, ParameterValue.Int(1), "Epochs every trial trains before it may be stopped.", Min: 0, Max: 100_000);

    public static SchedulerDescriptor Descriptor { get; } = new(
        "median",
        "Median stopping rule: stop a trial whose best value so far is worse than the median of completed trials at the same epoch.",
        [StartupTrials, WarmupEpochs],
        settings => new MedianScheduler(settings));

    private readonly long startupTrials = settings.Options.Int(StartupTrials);
    private readonly long warmupEpochs = settings.Options.Int(WarmupEpochs);

    public SchedulerDecision Decide(TrialCurve trial, IReadOnlyList<TrialCurve> others)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(others);
        var epoch = trial.Values.Count;
        if (epoch == 0 || epoch <= warmupEpochs || epoch >= settings.MaxEpochs)
        {
            return SchedulerDecision.Continue;
        }

        var completed = others.Where(o => o.Outcome == TrialOutcome.Completed).ToList();
        var atEpoch = completed.Select(o => o.At(epoch)).OfType<double>().Where(double.IsFinite).Select(v => v * settings.Sign).Order().ToArray();
        if (completed.Count < startupTrials || atEpoch.Length == 0)
        {
            return SchedulerDecision.Continue;
        }

        var median = atEpoch.Length % 2 == 1 ? atEpoch[atEpoch.Length / 2] : 0.5 * (atEpoch[(atEpoch.Length / 2) - 1] + atEpoch[atEpoch.Length / 2]);
        var best = trial.Values.Where(double.IsFinite).Select(v => v * settings.Sign).DefaultIfEmpty(double.PositiveInfinity).Min();
        return best > median
            ? SchedulerDecision.Prune(string.Create(CultureInfo.InvariantCulture, $"median stopping at epoch {epoch}: best {best * settings.Sign:G6} is worse than the median {median * settings.Sign:G6} of {atEpoch.Length} completed trials"))
            : SchedulerDecision.Continue;
    }
}
