using Experiments.Contracts.Parameters;

namespace Experiments.Training.Models.LstmForecast;

/// <summary>The LSTM forecaster's hyperparameters, typed; built from a request already checked against the catalog.</summary>
internal sealed record LstmForecastHyperparameters(
    double LearningRate,
    int BatchSize,
    int Lookback,
    int Horizon,
    int Layers,
    int HiddenSize,
    double Dropout,
    double GradientClip,
    double WeightDecay)
{
    /// <summary>Time steps of one training window: the lookback the network reads and the horizon it forecasts.</summary>
    public int WindowLength => Lookback + Horizon;

    public static LstmForecastHyperparameters From(IReadOnlyDictionary<string, ParameterValue> resolved) => new(
        LearningRate: resolved["learning_rate"].AsDouble(),
        BatchSize: checked((int)resolved["batch_size"].AsInt64()),
        Lookback: checked((int)resolved["lookback"].AsInt64()),
        Horizon: checked((int)resolved["horizon"].AsInt64()),
        Layers: checked((int)resolved["layers"].AsInt64()),
        HiddenSize: checked((int)resolved["hidden_size"].AsInt64()),
        Dropout: resolved["dropout"].AsDouble(),
        GradientClip: resolved["gradient_clip"].AsDouble(),
        WeightDecay: resolved["weight_decay"].AsDouble());
}
