using System.Globalization;
using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Engine.Scalars;
using Experiments.Training.Models.LstmForecast;
using Experiments.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Tests;

/// <summary>
/// The LSTM forecaster on CPU with fixed seeds: it learns to beat the naive forecast, its training windows never reach
/// past the training split, its naive baseline is the last value before each held-out window, and a CSV column trains.
/// </summary>
public sealed class LstmForecastTests
{
    private static ModelTrainer CreateTrainer() => new(new TestOutputLogger<ModelTrainer>());

    private static TrainingRequest Request(string dataset, int epochs, params (string Name, ParameterValue Value)[] parameters) => new(
        "lstm-forecast",
        dataset,
        parameters.ToDictionary(p => p.Name, p => p.Value),
        epochs,
        Seed: 3)
    {
        Device = "cpu",
        CheckpointEvery = 0,
        LogEveryNSteps = 50,
    };

    [Fact]
    public async Task A_few_epochs_on_the_autoregressive_series_beat_the_naive_forecast_clearly()
    {
        // AR(2): the best one-step forecast has MSE 1, the last value about 2.94, so a ratio near 0.34 is reachable.
        var request = Request(
            DataSources.Autoregressive,
            epochs: 3,
            ("lookback", ParameterValue.Int(16)),
            ("horizon", ParameterValue.Int(1)),
            ("layers", ParameterValue.Int(1)),
            ("hidden_size", ParameterValue.Int(16)),
            ("learning_rate", ParameterValue.Float(0.01)));
        var observer = new RecordingObserver();

        var result = await CreateTrainer().TrainAsync(request, observer, TestContext.Current.CancellationToken);

        foreach (var (epoch, _, metrics) in observer.Epochs)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"epoch {epoch}: {string.Join(", ", metrics.OrderBy(m => m.Key).Select(m => $"{m.Key} {m.Value:G4}"))}");
            Assert.All(metrics.Values, value => Assert.True(double.IsFinite(value)));
        }

        var final = result.FinalMetrics;
        Assert.Equal(final["mse"] / final["naive_mse"], final["mse_ratio"], 12);
        Assert.InRange(final["naive_mse"], 2.5, 3.5);
        Assert.True(final["mse_ratio"] < 0.6, $"mse_ratio {final["mse_ratio"]} should be clearly below 1 (about 0.34 is the best possible)");
        Assert.True(final["mse"] < 1.5, $"mse {final["mse"]} should approach the noise variance 1");
    }

    [Fact]
    public void Training_windows_are_consecutive_steps_wholly_inside_the_training_split_in_an_order_fixed_by_seed_and_epoch()
    {
        using var scope = torch.NewDisposeScope();
        const int steps = 100;
        const int windowLength = 12; // e.g. lookback 8 + horizon 4
        var series = ScalarArithmetic.Range(steps).to(ScalarType.Float32).unsqueeze(1); // each value is its own step
        using var windows = new ForecastWindows(series, windowLength, batchSize: 8, seed: 11);

        Assert.Equal(steps - windowLength + 1, windows.WindowCount);
        var byEpoch = new List<List<long>>();
        for (var epoch = 1; epoch <= 2; epoch++)
        {
            var batches = windows.StartEpoch(epoch);
            Assert.Equal(89 / 8, batches);
            var starts = new List<long>();
            for (var index = 0; index < batches; index++)
            {
                var batch = windows.Batch(index).Examples;
                Assert.Equal([8L, windowLength, 1], batch.shape);
                var values = batch.squeeze(2).data<float>().ToArray();
                for (var row = 0; row < 8; row++)
                {
                    var start = (long)values[row * windowLength];
                    Assert.Equal(Enumerable.Range((int)start, windowLength).Select(v => (float)v), values.Skip(row * windowLength).Take(windowLength));
                    Assert.InRange(start + windowLength - 1, 0, steps - 1); // the horizon never reaches past the split
                    starts.Add(start);
                }
            }

            Assert.Equal(starts.Count, starts.Distinct().Count());
            byEpoch.Add(starts);
        }

        Assert.NotEqual(byEpoch[0], byEpoch[1]);
        Assert.Equal(ForecastWindows.Starts(89, 11, 2), ForecastWindows.Starts(89, 11, 2)); // a resumed run sees the same order
        Assert.Equal(byEpoch[1], ForecastWindows.Starts(89, 11, 2).Take(byEpoch[1].Count));
    }

    [Fact]
    public async Task The_naive_baseline_is_the_last_value_before_each_held_out_window_repeated_over_the_horizon()
    {
        const int lookback = 8;
        const int horizon = 3;
        var request = Request(
            DataSources.Sunspots,
            epochs: 1,
            ("lookback", ParameterValue.Int(lookback)),
            ("horizon", ParameterValue.Int(horizon)),
            ("hidden_size", ParameterValue.Int(4)),
            ("layers", ParameterValue.Int(1)));
        var observer = new RecordingObserver();

        var result = await CreateTrainer().TrainAsync(request, observer, TestContext.Current.CancellationToken);

        // By hand: every window whose horizon lies wholly in the tail; its last seen value may be the training split's last.
        var data = DataSources.Open(DataSources.Sunspots, Path.Combine(AppContext.BaseDirectory, "data")).Load();
        var train = data.Train.Coordinates!;
        var tail = data.HeldOut.Coordinates!;
        double squared = 0, absolute = 0;
        var count = 0;
        for (var start = 0; start + horizon <= tail.Length; start++)
        {
            var lastSeen = start == 0 ? train[^1] : tail[start - 1];
            for (var step = 0; step < horizon; step++)
            {
                var error = (double)lastSeen - tail[start + step];
                squared += error * error;
                absolute += Math.Abs(error);
                count++;
            }
        }

        Assert.Equal(squared / count, result.FinalMetrics["naive_mse"], 3);
        Assert.Equal(absolute / count, result.FinalMetrics["naive_mae"], 4);
    }

    [Fact]
    public async Task A_csv_file_with_named_columns_trains_and_plots_its_first_channel()
    {
        var folder = Directory.CreateTempSubdirectory("lstm-forecast-");
        try
        {
            var file = Path.Combine(folder.FullName, "series.csv");
            var lines = new List<string> { "time,level,other,ignored" };
            for (var t = 0; t < 400; t++)
            {
                var level = 100 + (10 * Math.Sin(2 * Math.PI * t / 20));
                var other = Math.Cos(2 * Math.PI * t / 20);
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{t},{level:F4},{other:F4},x"));
            }

            await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);
            var request = Request(
                file + "#level,other",
                epochs: 2,
                ("lookback", ParameterValue.Int(20)),
                ("horizon", ParameterValue.Int(2)),
                ("hidden_size", ParameterValue.Int(8)),
                ("batch_size", ParameterValue.Int(16)),
                ("learning_rate", ParameterValue.Float(0.01)));
            var observer = new RecordingObserver();

            var result = await CreateTrainer().TrainAsync(request, observer, TestContext.Current.CancellationToken);

            Assert.All(result.FinalMetrics.Values, value => Assert.True(double.IsFinite(value)));
            Assert.Equal(["forecasts/epoch-001.png", "forecasts/epoch-002.png"], observer.FamilyArtifactPaths);
            var png = observer.Artifacts["forecasts/epoch-002.png"];
            var image = PngInspector.Decode(png);
            Assert.Equal((800, 300, 8, 2), (image.Width, image.Height, image.BitDepth, image.ColourType));
            var colours = Enumerable.Range(0, image.Pixels.Length / 3).Select(i => (image.Pixels[3 * i], image.Pixels[(3 * i) + 1], image.Pixels[(3 * i) + 2])).ToHashSet();
            Assert.Contains(((byte)25, (byte)25, (byte)25), colours); // the actual values
            Assert.Contains(((byte)30, (byte)90, (byte)220), colours); // the model's one-step forecasts
            Assert.Contains(((byte)190, (byte)190, (byte)190), colours); // the naive forecast
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_lookback_longer_than_the_training_split_is_a_parameter_error()
    {
        var request = Request(DataSources.Sunspots, epochs: 1, ("lookback", ParameterValue.Int(2000)));

        var error = await Assert.ThrowsAsync<TrainingParameterException>(
            () => CreateTrainer().TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal("lookback", error.ParameterName);
        Assert.Contains("do not fit in the training split", error.Message, StringComparison.Ordinal);
    }
}
