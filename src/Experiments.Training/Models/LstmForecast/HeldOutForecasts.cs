using Experiments.Training.Engine;
using Experiments.Training.Engine.Scalars;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.LstmForecast;

/// <summary>
/// The forecaster's errors on the held-out tail, in the data's units, beside those of the naive forecast (the last
/// lookback value repeated over the horizon) on the same windows; and the first channel's one-step forecasts to plot.
/// Scored windows have their whole horizon in the tail; their lookback may reach back into the end of the training split.
/// </summary>
internal sealed record HeldOutForecasts(double Mse, double Mae, double NaiveMse, double NaiveMae, float[] Actual, float[] OneStep, float[] Naive)
{
    /// <summary>
    /// Forecasts every step of the tail (<paramref name="heldOut"/>, [N, C]) from the <paramref name="lookbackTail"/>
    /// ([L, C], the training split's last L steps) and the tail before it, in evaluation mode; call without gradients.
    /// </summary>
    public static HeldOutForecasts Score(LstmForecaster model, SeriesScaling scaling, Tensor lookbackTail, Tensor heldOut, int horizon, int plotSteps)
    {
        var steps = heldOut.shape[0];
        if (steps < horizon)
        {
            throw new TrainingParameterException($"'horizon' = {horizon} is longer than the held-out tail of {steps} time steps; forecast fewer steps or use a longer series.")
            {
                ParameterName = "horizon",
            };
        }

        using var scope = torch.NewDisposeScope();
        var lookback = lookbackTail.shape[0];
        var channels = heldOut.shape[1];
        var context = torch.cat([lookbackTail, heldOut], 0);

        // Window i reads context steps i .. i + L - 1 and forecasts tail steps i .. i + H - 1.
        var inputs = SequenceWindows.Gather(scaling.Standardise(context), ScalarArithmetic.Range(steps, heldOut.device), lookback);
        var forecasts = scaling.Restore(EvaluationChunks.Map(inputs, windows => model.Forward(windows, null)));

        var scored = steps - horizon + 1;
        var targets = SequenceWindows.Gather(heldOut, ScalarArithmetic.Range(scored, heldOut.device), horizon).to(ScalarType.Float64);
        var errors = forecasts.narrow(0, 0, scored).to(ScalarType.Float64).Minus(targets);
        var lastSeen = context.narrow(0, lookback - 1, scored).to(ScalarType.Float64);
        var naiveErrors = lastSeen.unsqueeze(1).expand(scored, horizon, channels).Minus(targets);

        var plotted = Math.Min(steps, plotSteps);
        return new HeldOutForecasts(
            Mse: errors.Squared().mean().item<double>(),
            Mae: errors.abs().mean().item<double>(),
            NaiveMse: naiveErrors.Squared().mean().item<double>(),
            NaiveMae: naiveErrors.abs().mean().item<double>(),
            Actual: FirstChannel(heldOut.narrow(0, 0, plotted)),
            OneStep: FirstChannel(forecasts.narrow(0, 0, plotted).select(1, 0)),
            Naive: FirstChannel(context.narrow(0, lookback - 1, plotted)));
    }

    /// <summary>mse / naive_mse: below 1 the model beats repeating the last value.</summary>
    public double MseRatio => Mse / NaiveMse;

    private static float[] FirstChannel(Tensor rows) => rows.select(1, 0).to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
}
