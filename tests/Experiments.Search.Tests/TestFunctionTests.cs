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
