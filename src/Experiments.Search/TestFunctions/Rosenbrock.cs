namespace Experiments.Search;

/// <summary>Rosenbrock's valley in d dimensions on [-5, 10]^d: minimum 0 at (1, ..., 1) at the end of a long curved valley.</summary>
public sealed class Rosenbrock(int dimensions) : ITestFunction
{
    public string Name => $"rosenbrock{dimensions}";

    public IReadOnlyList<(double Low, double High)> Bounds { get; } = Enumerable.Repeat((-5.0, 10.0), Check(dimensions, 2)).ToArray();

    public double Minimum => 0;

    public IReadOnlyList<double> Minimiser { get; } = Enumerable.Repeat(1.0, dimensions).ToArray();

    public double Evaluate(ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length - 1; i++)
        {
            var valley = x[i + 1] - (x[i] * x[i]);
            var offset = 1 - x[i];
            sum += (100 * valley * valley) + (offset * offset);
        }

        return sum;
    }

    internal static int Check(int dimensions, int minimum) => dimensions >= minimum && dimensions <= 1000
        ? dimensions
        : throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"Between {minimum} and 1000 dimensions.");
}
