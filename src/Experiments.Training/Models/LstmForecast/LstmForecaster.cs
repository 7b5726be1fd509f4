using Experiments.Training.Engine;
using Experiments.Training.Engine.Scalars;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Experiments.Training.Models.LstmForecast;

/// <summary>
/// Stacked LSTM layers (batch first) over a lookback window [B, L, C], then a linear head from the last layer's final
/// hidden state to all horizon x channels values at once [B, H, C] (a direct multi-step forecast, no feedback of its
/// own forecasts). The layers are single-layer LSTMs with dropout between them drawn from the run's own generator:
/// libtorch's multi-layer LSTM would draw its dropout from the process-wide generator, which a checkpoint does not
/// hold and which other trials in the process draw from too.
/// </summary>
internal sealed class LstmForecaster : nn.Module
{
    // Submodules are fields so RegisterComponents() finds them (TorchSharp convention).
    private readonly ModuleList<LSTM> layers;
    private readonly Linear head;
    private readonly double dropout;
    private readonly int horizon;
    private readonly int channels;

    public LstmForecaster(int channels, int hiddenSize, int layerCount, int horizon, double dropout)
        : base(nameof(LstmForecaster))
    {
        this.dropout = dropout;
        this.horizon = horizon;
        this.channels = channels;
        layers = nn.ModuleList(Enumerable.Range(0, layerCount)
            .Select(layer => nn.LSTM(layer == 0 ? channels : hiddenSize, hiddenSize, batchFirst: true))
            .ToArray());
        head = nn.Linear(hiddenSize, (long)horizon * channels);
        RegisterComponents();
    }

    /// <summary>
    /// The forecast [B, H, C] of standardised windows [B, L, C]; while training, dropout masks between layers come from
    /// <paramref name="dropoutNoise"/> (unused in evaluation mode).
    /// </summary>
    public Tensor Forward(Tensor windows, Generator? dropoutNoise)
    {
        var hidden = windows;
        for (var layer = 0; layer < layers.Count; layer++)
        {
            if (layer > 0 && training && dropout > 0)
            {
                hidden = SeededDropout.Apply(hidden, dropout, dropoutNoise ?? throw new InvalidOperationException("Training with dropout needs the run's generator."));
            }

            (hidden, _, _) = layers[layer].call(hidden);
        }

        var last = hidden.select(1, -1);
        return head.call(last).reshape(windows.shape[0], horizon, channels);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            layers.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}
