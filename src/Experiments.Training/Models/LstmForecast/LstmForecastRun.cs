using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Engine.Scalars;
using Experiments.Training.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.LstmForecast;

/// <summary>
/// The LSTM forecaster's part of a training run: Adam on the mean squared error of standardised windows (gradient norm
/// clipped), held-out errors in the data's units beside the naive forecast's, and a plot of the tail per epoch. A
/// growing horizon (curriculum setting <c>horizon_scale</c>) trains on the error of the horizon's first steps only;
/// held-out metrics always use the whole horizon, so epochs of different stages compare.
/// </summary>
internal sealed class LstmForecastRun : IModelRun
{
    private const int PlotSteps = 300;

    private static readonly (byte R, byte G, byte B) ActualColour = (25, 25, 25);
    private static readonly (byte R, byte G, byte B) ForecastColour = (30, 90, 220);
    private static readonly (byte R, byte G, byte B) NaiveColour = (190, 190, 190);

    private readonly LstmForecastHyperparameters hyperparameters;
    private readonly LstmForecaster model;
    private readonly optim.Optimizer optimizer;
    private readonly Generator dropoutNoise;
    private SeriesScaling? scaling;
    private Tensor? lookbackTail;
    private int trainedSteps;

    public LstmForecastRun(LstmForecastHyperparameters hyperparameters, int channels, long seed, Device device)
    {
        this.hyperparameters = hyperparameters;
        trainedSteps = hyperparameters.Horizon;
        model = new LstmForecaster(channels, hyperparameters.HiddenSize, hyperparameters.Layers, hyperparameters.Horizon, hyperparameters.Dropout);
        model.to(device);
        optimizer = new ScalarSafeAdam(model.parameters(), hyperparameters.LearningRate, weightDecay: hyperparameters.WeightDecay);
        dropoutNoise = new Generator(unchecked((ulong)seed), device);
        State = new ModelState().Network("forecaster", model).Optimizer("forecaster", optimizer).RandomGenerator("dropout_noise", dropoutNoise);
    }

    public ModelState State { get; }

    public int BatchSize => hyperparameters.BatchSize;

    /// <summary>Takes the training split's scaling and last lookback steps (the first held-out windows read them); trains on it standardised.</summary>
    public TrainingBatch Prepare(TrainingBatch train)
    {
        var steps = train.Count;
        if (steps < hyperparameters.WindowLength)
        {
            throw new TrainingParameterException(
                $"'lookback' + 'horizon' = {hyperparameters.WindowLength} time steps do not fit in the training split of {steps}; use a shorter lookback or horizon, or a longer series.")
            {
                ParameterName = "lookback",
            };
        }

        scaling?.Dispose();
        lookbackTail?.Dispose();
        scaling = SeriesScaling.Of(train.Examples);
        lookbackTail = train.Examples.narrow(0, steps - hyperparameters.Lookback, hyperparameters.Lookback).clone();
        return new TrainingBatch(scaling.Standardise(train.Examples), null);
    }

    public IEpochBatches CreateBatches(TrainingBatch train, long seed) =>
        new ForecastWindows(train.Examples, hyperparameters.WindowLength, hyperparameters.BatchSize, seed);

    public void SetTraining(bool training) => TrainingMode.Set(training, model);

    public void EnterStage(CurriculumStageSettings stage) =>
        trainedSteps = Math.Max(1, (int)Math.Ceiling((stage.Number(LstmForecastFamily.HorizonScale) * hyperparameters.Horizon) - 1e-9));

    public IReadOnlyDictionary<string, double>? TrainStep(TrainingBatch batch, Tensor lossTotal, bool readMetrics)
    {
        var windows = batch.Examples;
        var inputs = windows.narrow(1, 0, hyperparameters.Lookback);
        var targets = windows.narrow(1, hyperparameters.Lookback, trainedSteps);
        optimizer.zero_grad();
        var forecast = model.Forward(inputs, dropoutNoise).narrow(1, 0, trainedSteps);
        var loss = forecast.Minus(targets).Squared().mean();
        loss.backward();
        if (hyperparameters.GradientClip > 0)
        {
            nn.utils.clip_grad_norm_(model.parameters(), hyperparameters.GradientClip);
        }

        optimizer.step();
        lossTotal.AddScaled_(loss.detach().to(ScalarType.Float64), batch.Count);
        return readMetrics ? new Dictionary<string, double>(StringComparer.Ordinal) { ["train_loss"] = loss.item<float>() } : null;
    }

    /// <summary>Held-out errors beside the naive forecast's, and the plot of the tail's first channel.</summary>
    public EpochEvaluation Evaluate(int epoch, TrainingBatch heldOut, CancellationToken cancellationToken)
    {
        var forecasts = HeldOutForecasts.Score(model, scaling!, lookbackTail!, heldOut.Examples, hyperparameters.Horizon, PlotSteps);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["mse"] = forecasts.Mse,
            ["mae"] = forecasts.Mae,
            ["naive_mse"] = forecasts.NaiveMse,
            ["naive_mae"] = forecasts.NaiveMae,
            ["mse_ratio"] = forecasts.MseRatio,
        };

        // Naive first and the model's forecast last: the line that matters is on top.
        var pixels = LinePlot.Draw((forecasts.Naive, NaiveColour), (forecasts.Actual, ActualColour), (forecasts.OneStep, ForecastColour));
        return new EpochEvaluation(metrics, [new TrainingArtifact($"forecasts/epoch-{epoch:D3}.png", PngEncoder.EncodeRgb8(pixels, LinePlot.Width, LinePlot.Height))]);
    }

    public void Dispose()
    {
        scaling?.Dispose();
        lookbackTail?.Dispose();
        dropoutNoise.Dispose();
        optimizer.Dispose();
        model.Dispose();
    }
}
