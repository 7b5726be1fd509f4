using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;

namespace Experiments.Training.Models.LstmForecast;

/// <summary>The LSTM forecaster of time series: its catalog entry and how a run of it is built.</summary>
internal sealed class LstmForecastFamily : IModelFamily
{
    /// <summary>The curriculum setting of the growing horizon: the share of the horizon whose error is trained on.</summary>
    public const string HorizonScale = "horizon_scale";

    public ModelDescriptor Descriptor { get; } = new(
        Name: "lstm-forecast",
        Description: "LSTM over a lookback window with a linear head forecasting the next horizon steps of a time series (direct multi-step).",
        Datasets: [DataSources.Sines, DataSources.Autoregressive, DataSources.Sunspots],
        Hyperparameters:
        [
            new("learning_rate", ParameterKind.Float, ParameterValue.Float(1e-3), "Adam learning rate.", Min: 1e-7, Max: 1),
            new("batch_size", ParameterKind.Int, ParameterValue.Int(64), "Training windows per optimiser step.", Min: 1, Max: 4096),
            new("lookback", ParameterKind.Int, ParameterValue.Int(48), "Time steps the network reads before forecasting.", Min: 1, Max: 2048),
            new("horizon", ParameterKind.Int, ParameterValue.Int(4), "Time steps forecast at once after the lookback; held-out metrics average over all of them.", Min: 1, Max: 512),
            new("layers", ParameterKind.Int, ParameterValue.Int(2), "Stacked LSTM layers.", Min: 1, Max: 8),
            new("hidden_size", ParameterKind.Int, ParameterValue.Int(64), "Hidden state size of each LSTM layer.", Min: 1, Max: 2048),
            new("dropout", ParameterKind.Float, ParameterValue.Float(0), "Dropout between stacked LSTM layers while training (no effect with one layer).", Min: 0, Max: 0.9),
            new("gradient_clip", ParameterKind.Float, ParameterValue.Float(1.0), "Largest gradient norm an optimiser step uses (larger ones are scaled down); 0 turns clipping off.", Min: 0, Max: 1000),
            new("weight_decay", ParameterKind.Float, ParameterValue.Float(0), "L2 penalty added by the optimiser.", Min: 0, Max: 1),
        ],
        Metrics:
        [
            new("mse_ratio", ObjectiveGoal.Minimize, "mse / naive_mse on the held-out tail: below 1 the model beats repeating the last value."),
            new("mse", ObjectiveGoal.Minimize, "Mean squared forecast error on the held-out tail in the data's units, over every horizon step and channel."),
            new("mae", ObjectiveGoal.Minimize, "Mean absolute forecast error on the held-out tail in the data's units, over every horizon step and channel."),
            new("naive_mse", ObjectiveGoal.Minimize, "Mean squared error of the naive forecast (the last lookback value repeated) on the same held-out windows."),
            new("naive_mae", ObjectiveGoal.Minimize, "Mean absolute error of the naive forecast on the same held-out windows."),
            new("train_loss", ObjectiveGoal.Minimize, "Mean squared error of the training windows over the epoch, in standardised units (over the stage's trained horizon during a growing horizon)."),
        ])
    {
        // Short-range structure first: the error of the far steps joins once the near ones are learnt (as curriculum
        // learning for multi-step forecasting grows the prediction length); the head always outputs the whole horizon.
        Curriculum = new CurriculumDescriptor(
            "Growing horizon: the first quarter of the horizon trained for the first quarter of the epochs, the first half for the second quarter, then all of it.",
            [
                new(HorizonScale, ParameterKind.Float, ParameterValue.Float(1), "Share of the horizon whose error is trained on (its first ceil(share x horizon) steps, at least one); held-out metrics always use the whole horizon.", Min: 0, Max: 1),
            ],
            [
                new("near", 0.25, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [HorizonScale] = ParameterValue.Float(0.25) }),
                new("middle", 0.25, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [HorizonScale] = ParameterValue.Float(0.5) }),
                new("full", 0.5, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [HorizonScale] = ParameterValue.Float(1) }),
            ]),
    };

    public string? CheckData(TrainingData data) =>
        DataRequirement.Unless(data.Shape is SeriesShape, data, Descriptor.Name, "a time series (sines, autoregressive, sunspots or a CSV file)");

    public IModelRun CreateRun(ModelRunSettings settings) =>
        new LstmForecastRun(LstmForecastHyperparameters.From(settings.Hyperparameters), ((SeriesShape)settings.Shape).Channels, settings.Seed, settings.Device);
}
