using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// <c>scheduler: asha</c>, asynchronous successive halving (Li et al. 2020, as Ray Tune's ASHA stops trials): rungs
/// at grace_period · reduction_factor^k epochs below the budget. A trial reaching a rung goes on only if its value
/// there is among the best 1/reduction_factor (rounded up) of every value recorded at that rung so far, itself
/// included; so the first trials at a rung always go on and later ones must beat what came before. With
/// <c>brackets</c> above 1 it is asynchronous Hyperband: trial n uses bracket n mod brackets, whose grace period is
/// grace_period · reduction_factor^bracket.
/// </summary>
public sealed class AshaScheduler : IScheduler
{
    public static readonly HyperparameterDescriptor GracePeriod = new(
        "grace_period", ParameterKind.Int, ParameterValue.Int(1), "Epochs every trial trains before its first rung.", Min: 1, Max: 100_000);

    /// <summary>4 by default, as Ray Tune's ASHA and Optuna's successive halving have it (Hyperband keeps 3).</summary>
    public static readonly HyperparameterDescriptor ReductionFactor = new(
        "reduction_factor", ParameterKind.Int, ParameterValue.Int(4), "Only the best 1/reduction_factor at a rung go on; rungs are this factor apart.", Min: 2, Max: 100);

    public static readonly HyperparameterDescriptor Brackets = new(
        "brackets", ParameterKind.Int, ParameterValue.Int(1), "Hyperband brackets, each with a longer grace period (1: plain ASHA).", Min: 1, Max: 20);

    public static SchedulerDescriptor Descriptor { get; } = new(
        "asha",
        "Asynchronous successive halving: at each rung only the best 1/reduction_factor of the trials so far go on.",
        [GracePeriod, ReductionFactor, Brackets],
        settings => new AshaScheduler(settings));

    private readonly SchedulerSettings settings;
    private readonly long gracePeriod;
    private readonly long reductionFactor;
    private readonly int brackets;

    public AshaScheduler(SchedulerSettings settings)
        : this(settings, (int)settings.Options.Int(Brackets), ReductionFactor)
    {
    }

    /// <param name="brackets">Hyperband brackets; 0: as many as the budget has rungs for (Hyperband's s_max + 1).</param>
    /// <param name="reductionFactorOption">The option (and so the default) the reduction factor comes from.</param>
    internal AshaScheduler(SchedulerSettings settings, int brackets, HyperparameterDescriptor reductionFactorOption)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        gracePeriod = settings.Options.Int(GracePeriod);
        reductionFactor = settings.Options.Int(reductionFactorOption);
        this.brackets = brackets > 0 ? brackets : Math.Max(1, RungCount(gracePeriod, reductionFactor, settings.MaxEpochs) + 1);
    }

    private static int RungCount(long grace, long factor, int maxEpochs)
    {
        var count = 0;
        for (var rung = grace; rung < maxEpochs; rung *= factor)
        {
            count++;
        }

        return count;
    }

    /// <summary>The epochs at which trial <paramref name="number"/> meets a rung (all below the budget).</summary>
    public IReadOnlyList<int> Rungs(int number)
    {
        var rungs = new List<int>();
        var rung = gracePeriod * (long)Math.Pow(reductionFactor, number % brackets);
        while (rung < settings.MaxEpochs)
        {
            rungs.Add((int)rung);
            rung *= reductionFactor;
        }

        return rungs;
    }

    public SchedulerDecision Decide(TrialCurve trial, IReadOnlyList<TrialCurve> others)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(others);
        var epoch = trial.Values.Count;
        if (epoch == 0 || !Rungs(trial.Number).Contains(epoch))
        {
            return SchedulerDecision.Continue;
        }

        var bracket = trial.Number % brackets;
        var value = trial.Values[^1] * settings.Sign;
        if (!double.IsFinite(value))
        {
            return SchedulerDecision.Prune(string.Create(CultureInfo.InvariantCulture, $"asha rung at epoch {epoch}: the value is not a number"));
        }

        // Every value recorded at this rung of this bracket so far: the trials that reached it, this one included.
        var recorded = others
            .Where(o => o.Number % brackets == bracket && o.Number != trial.Number)
            .Select(o => o.At(epoch))
            .OfType<double>()
            .Select(v => v * settings.Sign)
            .Where(double.IsFinite)
            .Append(value)
            .Order()
            .ToArray();
        var kept = (int)Math.Ceiling(recorded.Length / (double)reductionFactor);
        var cutoff = recorded[kept - 1];
        return value <= cutoff
            ? SchedulerDecision.Continue
            : SchedulerDecision.Prune(string.Create(CultureInfo.InvariantCulture, $"asha rung at epoch {epoch}: {value * settings.Sign:G6} is not among the best {kept} of {recorded.Length} (cutoff {cutoff * settings.Sign:G6})"));
    }
}
