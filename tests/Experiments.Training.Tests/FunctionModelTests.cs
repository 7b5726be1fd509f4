using Experiments.Contracts.Parameters;
using Experiments.Search;
using Experiments.Training.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Experiments.Training.Tests;

/// <summary>model: function reports the test function's value along a simulated curve, and refuses inputs it does not have.</summary>
public sealed class FunctionModelTests
{
    private static readonly ModelTrainer Trainer = new(NullLogger<ModelTrainer>.Instance);

    [Fact]
    public async Task The_last_epoch_reports_the_functions_value_and_earlier_epochs_fall_towards_it()
    {
        var observer = new RecordingObserver();
        var request = Request("branin", new() { ["x1"] = ParameterValue.Float(Math.PI), ["x2"] = ParameterValue.Float(2.275) }, epochs: 6);

        var result = await Trainer.TrainAsync(request, observer, TestContext.Current.CancellationToken);

        var values = observer.Epochs.Select(e => e.Metrics["value"]).ToList();
        Assert.Equal(6, values.Count);
        Assert.Equal(new Branin().Minimum, values[^1], precision: 5);
        Assert.Equal(values[^1], result.FinalMetrics["value"]);
        Assert.True(values.Zip(values.Skip(1)).All(pair => pair.First > pair.Second), $"values {string.Join(", ", values)} do not fall");
        Assert.True(values[0] > values[^1] + 0.5, "the first epoch starts well above the final value");
        Assert.Equal([1, 2, 3, 4, 5, 6], observer.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public async Task A_run_inheriting_another_trials_progress_goes_on_from_the_epoch_after_it()
    {
        var observer = new RecordingObserver();
        var request = Request("sphere2", new() { ["x1"] = ParameterValue.Float(1) }, epochs: 6) with { InheritEpoch = 4 };

        var result = await Trainer.TrainAsync(request, observer, TestContext.Current.CancellationToken);

        Assert.Equal([5, 6], observer.Epochs.Select(e => e.Epoch));
        Assert.Equal(1.0, result.FinalMetrics["value"], precision: 9);
    }

    [Fact]
    public async Task Noise_is_seeded_by_the_trial()
    {
        var coordinates = new Dictionary<string, ParameterValue> { ["x1"] = ParameterValue.Float(0.5), ["noise"] = ParameterValue.Float(0.1), ["curve"] = ParameterValue.Float(0) };

        async Task<double> Final(long seed) =>
            (await Trainer.TrainAsync(Request("sphere2", coordinates, 1) with { Seed = seed }, new RecordingObserver(), TestContext.Current.CancellationToken)).FinalMetrics["value"];

        Assert.Equal(await Final(4), await Final(4));
        Assert.NotEqual(await Final(4), await Final(5));
        Assert.InRange(await Final(4), 0.25 - 0.5, 0.25 + 0.5);
    }

    [Theory]
    [InlineData("branin", "x2", 16.0, "'x2' = 16 is outside branin's range for it; allowed: [0, 15]")]
    [InlineData("branin", "x3", 0.5, "'x3' = 0.5 is not an input of branin, which has 2 (x1 to x2)")]
    [InlineData("hartmann6", "x6", -0.1, "'x6' = -0.1 is outside hartmann6's range for it; allowed: [0, 1]")]
    public async Task Inputs_the_function_does_not_have_are_refused_naming_them(string function, string name, double value, string message)
    {
        var request = Request(function, new() { [name] = ParameterValue.Float(value) }, 1);

        var error = await Assert.ThrowsAsync<TrainingParameterException>(() => Trainer.TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal(name, error.ParameterName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_function_is_refused_listing_the_known_ones()
    {
        var error = await Assert.ThrowsAsync<TrainingParameterException>(() => Trainer.TrainAsync(Request("ackley", [], 1), new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal("dataset", error.ParameterName);
        Assert.Contains("branin, hartmann6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_trial_stops_within_an_epoch()
    {
        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingObserver();
        var request = Request("sphere2", new() { ["seconds_per_epoch"] = ParameterValue.Float(0.05) }, 1000);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Trainer.TrainAsync(request, observer, cancellation.Token));

        Assert.InRange(observer.Epochs.Count, 1, 999);
    }

    private static TrainingRequest Request(string function, Dictionary<string, ParameterValue> parameters, int epochs) =>
        new("function", function, parameters, epochs, Seed: 1);
}
