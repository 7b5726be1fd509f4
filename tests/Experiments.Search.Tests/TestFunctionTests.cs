namespace Experiments.Search.Tests;

/// <summary>Each test function has its published minimum at its minimiser, inside its bounds, and nothing lower nearby.</summary>
public sealed class TestFunctionTests
{
    [Theory]
    [InlineData("branin", 2)]
    [InlineData("hartmann6", 6)]
    [InlineData("rosenbrock10", 10)]
    [InlineData("sphere10", 10)]
    [InlineData("sphere1", 1)]
    public void The_minimiser_gives_the_minimum_and_small_steps_away_from_it_do_not_go_lower(string name, int dimensions)
    {
        var function = TestFunctions.Find(name)!;
        var minimiser = function.Minimiser.ToArray();

        Assert.Equal(dimensions, function.Bounds.Count);
        Assert.Equal(function.Minimum, function.Evaluate(minimiser), precision: 5);
        for (var d = 0; d < dimensions; d++)
        {
            Assert.InRange(minimiser[d], function.Bounds[d].Low, function.Bounds[d].High);
            foreach (var step in new[] { -1e-3, 1e-3 })
            {
                var moved = minimiser.ToArray();
                moved[d] += step;
                Assert.True(function.Evaluate(moved) >= function.Minimum - 1e-9, $"{name} goes below its minimum at x{d + 1} {step:+0.###;-0.###}");
            }
        }
    }

    [Fact]
    public void Branin_has_its_three_minima_and_known_values_elsewhere()
    {
        var branin = new Branin();

        Assert.Equal(0.397887, branin.Evaluate([-Math.PI, 12.275]), precision: 5);
        Assert.Equal(0.397887, branin.Evaluate([9.42478, 2.475]), precision: 5);
        Assert.Equal(308.129096, branin.Evaluate([-5, 0]), precision: 5);
    }

    [Theory]
    [InlineData("rosenbrock")]
    [InlineData("rosenbrock1")]
    [InlineData("sphere0")]
    [InlineData("sphere-3")]
    [InlineData("ackley")]
    public void Unknown_names_and_impossible_dimensions_are_not_found(string name)
    {
        Assert.Null(TestFunctions.Find(name));
    }
}

/// <summary>The simulated learning curve falls towards the final value and reaches it at the last epoch.</summary>
public sealed class SimulatedCurveTests
{
    [Theory]
    [InlineData(0.4, 1.0)]
    [InlineData(-3.2, 1.0)]
    [InlineData(5.0, 0.0)]
    public void It_falls_to_the_final_value_at_the_last_epoch(double final, double curve)
    {
        var values = Enumerable.Range(1, 9).Select(epoch => SimulatedCurve.ValueAt(final, epoch, 9, curve)).ToArray();

        Assert.Equal(final, values[^1], precision: 12);
        Assert.True(values.Zip(values.Skip(1)).All(p => curve == 0 ? p.First == p.Second : p.First > p.Second));
        Assert.InRange(values[0] - final, 0, curve * (1 + Math.Abs(final)));
    }
}
