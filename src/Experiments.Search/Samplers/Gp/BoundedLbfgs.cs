namespace Experiments.Search;

/// <summary>
/// Limited-memory BFGS inside a box: steps are clamped to the bounds, a variable held at a bound by its gradient
/// leaves the search direction, and a backtracking (Armijo) line search accepts the step. Enough for the Gaussian
/// process's small smooth problems (its hyperparameters, and the acquisition near a candidate); deterministic.
/// </summary>
internal static class BoundedLbfgs
{
    /// <summary>The value at <paramref name="x"/>, with its gradient written to <paramref name="gradient"/>.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    private const int Memory = 6;
    private const int MaxBacktracks = 25;
    private const double SufficientDecrease = 1e-4;

    /// <summary>Minimises from <paramref name="x"/> (moved onto the box, then overwritten with the best point found); returns the value there.</summary>
    public static double Minimize(Objective objective, double[] x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, int maxIterations, double tolerance)
    {
        var n = x.Length;
        for (var i = 0; i < n; i++)
        {
            x[i] = Math.Clamp(x[i], lower[i], upper[i]);
        }

        var gradient = new double[n];
        var value = objective(x, gradient);
        if (!double.IsFinite(value))
        {
            return value;
        }

        var steps = new double[Memory][];
        var changes = new double[Memory][];
        for (var m = 0; m < Memory; m++)
        {
            steps[m] = new double[n];
            changes[m] = new double[n];
        }

        var curvature = new double[Memory];
        var weights = new double[Memory];
        var direction = new double[n];
        var trial = new double[n];
        var trialGradient = new double[n];
        var free = new bool[n];
        var stored = 0;
        var newest = -1;

        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var anyFree = false;
            for (var i = 0; i < n; i++)
            {
                free[i] = lower[i] < upper[i]
                    && !(x[i] <= lower[i] && gradient[i] > 0)
                    && !(x[i] >= upper[i] && gradient[i] < 0);
                direction[i] = free[i] ? gradient[i] : 0;
                anyFree |= free[i] && gradient[i] != 0;
            }

            if (!anyFree)
            {
                break;
            }

            // Two-loop recursion: direction becomes the inverse-Hessian estimate times the (free) gradient.
            for (var k = 0; k < stored; k++)
            {
                var m = (newest - k + Memory) % Memory;
                weights[m] = Dot(steps[m], direction) / curvature[m];
                Subtract(direction, weights[m], changes[m]);
            }

            if (stored > 0)
            {
                var scale = curvature[newest] / Dot(changes[newest], changes[newest]);
                for (var i = 0; i < n; i++)
                {
                    direction[i] *= scale;
                }
            }

            for (var k = stored - 1; k >= 0; k--)
            {
                var m = (newest - k + Memory) % Memory;
                var beta = Dot(changes[m], direction) / curvature[m];
                Subtract(direction, beta - weights[m], steps[m]);
            }

            var slope = 0.0;
            var longest = 0.0;
            for (var i = 0; i < n; i++)
            {
                direction[i] = free[i] ? -direction[i] : 0;
                slope += direction[i] * gradient[i];
                longest = Math.Max(longest, Math.Abs(direction[i]));
            }

            if (!(slope < 0))
            {
                // Not a descent direction (curvature information gone stale): fall back to steepest descent.
                longest = 0;
                for (var i = 0; i < n; i++)
                {
                    direction[i] = free[i] ? -gradient[i] : 0;
                    longest = Math.Max(longest, Math.Abs(direction[i]));
                }
            }

            // Without curvature yet, the first step moves no variable by more than 1 (bounds here span a few units).
            var length = stored == 0 ? Math.Min(1, 1 / longest) : 1.0;
            var accepted = false;
            var trialValue = value;
            for (var backtrack = 0; backtrack < MaxBacktracks && !accepted; backtrack++, length *= 0.5)
            {
                var decrease = 0.0;
                for (var i = 0; i < n; i++)
                {
                    trial[i] = Math.Clamp(x[i] + (length * direction[i]), lower[i], upper[i]);
                    decrease += gradient[i] * (trial[i] - x[i]);
                }

                trialValue = objective(trial, trialGradient);
                accepted = double.IsFinite(trialValue) && trialValue <= value + (SufficientDecrease * decrease);
            }

            if (!accepted)
            {
                break;
            }

            var sy = 0.0;
            var yy = 0.0;
            for (var i = 0; i < n; i++)
            {
                var change = trialGradient[i] - gradient[i];
                sy += (trial[i] - x[i]) * change;
                yy += change * change;
            }

            // Keep the pair only when it carries positive curvature (it always would for a convex function).
            if (sy > 1e-12 * yy)
            {
                newest = (newest + 1) % Memory;
                for (var i = 0; i < n; i++)
                {
                    steps[newest][i] = trial[i] - x[i];
                    changes[newest][i] = trialGradient[i] - gradient[i];
                }

                curvature[newest] = sy;
                stored = Math.Min(stored + 1, Memory);
            }

            var improvement = value - trialValue;
            Array.Copy(trial, x, n);
            Array.Copy(trialGradient, gradient, n);
            value = trialValue;
            if (improvement <= tolerance * Math.Max(1, Math.Abs(value)))
            {
                break;
            }
        }

        return value;
    }

    private static double Dot(double[] a, double[] b) => DenseVector.Dot(a, b);

    private static void Subtract(double[] y, double factor, double[] x) => DenseVector.SubtractScaled(y, factor, x);
}
