namespace Experiments.Search;

/// <summary>
/// A standard optimisation test function (to be minimised) over a box, with its known minimum: what samplers are
/// measured on, and what the <c>function</c> objective evaluates.
/// </summary>
public interface ITestFunction
{
    /// <summary>Name with its dimension where that varies (e.g. <c>rosenbrock</c> in 10 dimensions).</summary>
    string Name { get; }

    /// <summary>Inclusive bounds of each coordinate, x1 first.</summary>
    IReadOnlyList<(double Low, double High)> Bounds { get; }

    /// <summary>The global minimum's value.</summary>
    double Minimum { get; }

    /// <summary>One global minimiser (there may be others).</summary>
    IReadOnlyList<double> Minimiser { get; }

    double Evaluate(ReadOnlySpan<double> x);
}
