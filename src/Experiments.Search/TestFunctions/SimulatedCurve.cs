namespace Experiments.Search;

/// <summary>
/// The learning curve the <c>function</c> model reports and the scheduler benchmark simulates: epoch e of E shows the
/// final value plus curve · (1 + |final|) · (e^(-4e/E) - e^(-4)) / (1 - e^(-4)), falling fast and then flattening,
/// exactly the final value at the last epoch.
/// </summary>
public static class SimulatedCurve
{
    // How sharply the curve falls: after a quarter of the epochs about a third of the gap is left.
    private const double Steepness = 4;

    public static double ValueAt(double final, int epoch, int epochs, double curve)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, epoch);
        var left = (Math.Exp(-Steepness * epoch / epochs) - Math.Exp(-Steepness)) / (1 - Math.Exp(-Steepness));
        return final + (curve * (1 + Math.Abs(final)) * left);
    }
}
