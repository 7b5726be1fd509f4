using System.Diagnostics;
using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Search;
using Experiments.Training.Engine;

namespace Experiments.Training.Models.Function;

/// <summary>
/// <c>model: function</c>: a standard optimisation test function (the data set names it) evaluated at the trial's
/// coordinates x1..xd, reported as <c>value</c> after every epoch along a simulated learning curve that ends at the
/// function's value, optionally with noise and a wall time per epoch. For trying samplers and early stopping in
/// seconds; nothing is trained and libtorch is never loaded.
/// </summary>
internal sealed class FunctionModel : IComputedModel
{
    public const int MaxCoordinates = 20;

    private static readonly string[] Functions =
        ["branin", "hartmann6", "rosenbrock2", "rosenbrock5", "rosenbrock10", "rosenbrock20", "sphere2", "sphere5", "sphere10", "sphere20"];

    public ModelDescriptor Descriptor { get; } = new(
        "function",
        "A standard test function (branin, hartmann6, rosenbrock, sphere) at the trial's coordinates, along a simulated learning curve: samplers and schedulers in seconds, without training.",
        Functions,
        [
            .. Enumerable.Range(1, MaxCoordinates).Select(i => new HyperparameterDescriptor(
                $"x{i}",
                ParameterKind.Float,
                ParameterValue.Float(0),
                $"Coordinate {i} of the function's input, inside its range (docs/models.md); coordinates beyond the function's dimension must stay 0.",
                Datasets: [.. Functions.Where(name => TestFunctions.Find(name)!.Bounds.Count >= i)])),
            new HyperparameterDescriptor("noise", ParameterKind.Float, ParameterValue.Float(0), "Standard deviation of Gaussian noise added to every reported value (seeded by the trial).", Min: 0, Max: 1e9),
            new HyperparameterDescriptor("curve", ParameterKind.Float, ParameterValue.Float(1), "How far above its final value a trial starts, in units of 1 + |final value|; 0: every epoch reports the final value.", Min: 0, Max: 1e6),
            new HyperparameterDescriptor("seconds_per_epoch", ParameterKind.Float, ParameterValue.Float(0), "Wall time each epoch takes, to try parallel workers and early stopping at a realistic pace.", Min: 0, Max: 3600),
        ],
        [new MetricDescriptor("value", ObjectiveGoal.Minimize, "The function's value plus what the simulated curve has left at this epoch, plus noise; at the last epoch, the function's value plus noise.")]);

    public async Task<TrainingResult> RunAsync(
        TrainingRequest request, IReadOnlyDictionary<string, ParameterValue> hyperparameters, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var function = (Functions.Contains(request.Dataset, StringComparer.Ordinal) ? TestFunctions.Find(request.Dataset) : null)
            ?? throw new TrainingParameterException($"Model 'function' has no test function '{request.Dataset}'; available: {string.Join(", ", Functions)}.") { ParameterName = "dataset" };
        var x = Coordinates(function, hyperparameters);
        var final = function.Evaluate(x);
        var noise = hyperparameters["noise"].AsDouble();
        var curve = hyperparameters["curve"].AsDouble();
        var pause = TimeSpan.FromSeconds(hyperparameters["seconds_per_epoch"].AsDouble());
        var random = new Random(unchecked((int)(request.Seed ^ (request.Seed >> 32))));

        var value = double.NaN;
        // Population-based training continues another trial's run: its simulated progress, these coordinates.
        var first = Math.Clamp((request.InheritEpoch ?? 0) + 1, 1, request.Epochs);
        for (var epoch = first; epoch <= request.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            }

            value = SimulatedCurve.ValueAt(final, epoch, request.Epochs, curve) + (noise > 0 ? noise * NormalDistribution.Draw(random) : 0);
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["value"] = value };
            await observer.OnEpochAsync(epoch, epoch, metrics, cancellationToken).ConfigureAwait(false);
        }

        return new TrainingResult(request.Epochs, request.Epochs, new Dictionary<string, double>(StringComparer.Ordinal) { ["value"] = value }, watch.Elapsed);
    }

    private static double[] Coordinates(ITestFunction function, IReadOnlyDictionary<string, ParameterValue> hyperparameters)
    {
        var dimensions = function.Bounds.Count;
        var x = new double[dimensions];
        for (var i = 1; i <= MaxCoordinates; i++)
        {
            var value = hyperparameters[$"x{i}"].AsDouble();
            if (i > dimensions)
            {
                if (value != 0)
                {
                    throw new TrainingParameterException(
                        $"'x{i}' = {Format(value)} is not an input of {function.Name}, which has {dimensions} (x1 to x{dimensions}).") { ParameterName = $"x{i}" };
                }

                continue;
            }

            var (low, high) = function.Bounds[i - 1];
            if (value < low || value > high)
            {
                throw new TrainingParameterException(
                    $"'x{i}' = {Format(value)} is outside {function.Name}'s range for it; allowed: [{Format(low)}, {Format(high)}].") { ParameterName = $"x{i}" };
            }

            x[i - 1] = value;
        }

        return x;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
