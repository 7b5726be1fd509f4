namespace Experiments.Search;

/// <summary>Branin-Hoo on [-5, 10] x [0, 15]: three global minima of 0.397887 (Dixon and Szegö 1978).</summary>
public sealed class Branin : ITestFunction
{
    private const double B = 5.1 / (4 * Math.PI * Math.PI);
    private const double C = 5 / Math.PI;
    private const double T = 1 / (8 * Math.PI);

    public string Name => "branin";

    public IReadOnlyList<(double Low, double High)> Bounds { get; } = [(-5, 10), (0, 15)];

    public double Minimum => 0.397887357729738;

    public IReadOnlyList<double> Minimiser { get; } = [Math.PI, 2.275];

    public double Evaluate(ReadOnlySpan<double> x)
    {
        var inner = x[1] - (B * x[0] * x[0]) + (C * x[0]) - 6;
        return (inner * inner) + (10 * (1 - T) * Math.Cos(x[0])) + 10;
    }
}
