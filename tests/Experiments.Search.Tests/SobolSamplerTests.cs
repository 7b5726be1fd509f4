using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>The Sobol' construction is valid and its points are as evenly spread as the theory promises.</summary>
public sealed class SobolSamplerTests
{
    [Fact]
    public void Every_dimension_rests_on_a_primitive_polynomial_with_valid_initial_numbers()
    {
        var polynomials = SobolSequence.PrimitivePolynomials().Take(SobolSequence.MaxDimensions).ToList();

        // Known counts of primitive polynomials of degree 1..8: phi(2^s - 1) / s.
        int[] perDegree = [1, 1, 2, 2, 6, 6, 18, 16];
        for (var degree = 1; degree <= perDegree.Length; degree++)
        {
            Assert.Equal(perDegree[degree - 1], polynomials.Count(p => p.Degree == degree));
        }

        Assert.Equal(SobolSequence.MaxDimensions, polynomials.Count);
        Assert.False(SobolSequence.IsPrimitive(0b10101, 4)); // x^4 + x^2 + 1 = (x^2 + x + 1)^2
        Assert.True(SobolSequence.IsPrimitive(0b10011, 4));  // x^4 + x + 1

        var directions = SobolSequence.Build(SobolSequence.MaxDimensions);
        foreach (var v in directions)
        {
            for (var k = 0; k < 32; k++)
            {
                // v_k = m_(k+1) / 2^(k+1) with m_(k+1) odd: its last binary digit is digit k + 1 of the fraction.
                Assert.Equal(1u, (v[k] >> (31 - k)) & 1);
                Assert.Equal(0u, v[k] & ((1u << (31 - k)) - 1));
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_first_two_dimensions_form_a_zero_net_every_box_of_area_one_over_n_holds_one_point(bool scramble)
    {
        // For n = 2^m points and every split 2^a x 2^(m-a) of the unit square, each box holds exactly one point.
        const int m = 8;
        var sequence = new SobolSequence(2, scramble ? new Random(3) : null);
        var points = Enumerable.Range(0, 1 << m).Select(i => (X: sequence.Coordinate(i, 0), Y: sequence.Coordinate(i, 1))).ToList();
        for (var a = 0; a <= m; a++)
        {
            var boxes = points.GroupBy(p => ((int)(p.X * (1 << a)), (int)(p.Y * (1 << (m - a))))).ToList();
            Assert.Equal(1 << m, boxes.Count);
        }
    }

    [Fact]
    public void Every_dimension_puts_one_point_in_each_of_n_equal_intervals()
    {
        var sequence = new SobolSequence(40, new Random(9));
        for (var d = 0; d < 40; d++)
        {
            var cells = Enumerable.Range(0, 64).Select(i => (int)(sequence.Coordinate(i, d) * 64)).Distinct().Count();
            Assert.Equal(64, cells);
        }
    }

    [Fact]
    public void Sixty_four_points_cover_a_choice_and_an_integer_range_evenly()
    {
        var space = new SearchSpace(
        [
            new("activation", new ChoiceDistribution([ParameterValue.Of("relu"), ParameterValue.Of("gelu"), ParameterValue.Of("tanh"), ParameterValue.Of("elu")])),
            new("layers", new IntDistribution(1, 8, Log: false)),
        ]);
        var sampler = SamplerRegistry.Create("sobol", SamplerSettings.Default(4));
        var draws = Enumerable.Range(0, 64).Select(t => sampler.Suggest(space, t, [])).ToList();

        Assert.All(draws.GroupBy(d => d["activation"]), g => Assert.Equal(16, g.Count()));
        Assert.All(draws.GroupBy(d => d["layers"]), g => Assert.Equal(8, g.Count()));
    }
}
