namespace Experiments.Search;

/// <summary>The sum of squares in d dimensions on [-5.12, 5.12]^d: minimum 0 at the origin.</summary>
public sealed class Sphere(int dimensions) : ITestFunction
{
    public string Name => $"sphere{dimensions}";

    public IReadOnlyList<(double Low, double High)> Bounds { get; } = Enumerable.Repeat((-5.12, 5.12), Rosenbrock.Check(dimensions, 1)).ToArray();

    public double Minimum => 0;

    public IReadOnlyList<double> Minimiser { get; } = new double[dimensions];

    public double Evaluate(ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        foreach (var value in x)
        {
            sum += value * value;
        }

        return sum;
    }
}
