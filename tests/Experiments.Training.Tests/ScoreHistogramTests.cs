using Experiments.Training.Imaging;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

/// <summary>The anomaly score histogram: a valid RGB PNG of its fixed size, normal scores in blue and anomalous ones in red.</summary>
public sealed class ScoreHistogramTests
{
    private static readonly (byte, byte, byte) Blue = (70, 110, 220);
    private static readonly (byte, byte, byte) Red = (225, 60, 60);

    [Fact]
    public void It_is_a_valid_rgb_png_of_its_size_with_both_groups_drawn()
    {
        var random = new Random(2);
        var normal = Enumerable.Range(0, 900).Select(_ => 80 + (20 * random.NextDouble())).ToList();
        var anomalous = Enumerable.Range(0, 100).Select(_ => 130 + (30 * random.NextDouble())).ToList();

        var image = PngInspector.Decode(ScoreHistogram.Png(normal, anomalous));

        Assert.Equal((ScoreHistogram.Width, ScoreHistogram.Height, 8, 2), (image.Width, image.Height, image.BitDepth, image.ColourType));
        var colours = Colours(image.Pixels);
        Assert.Contains(Blue, colours);
        Assert.Contains(Red, colours);
    }

    [Fact]
    public void Without_scores_it_draws_an_empty_plot_and_one_group_alone_shows_only_its_colour()
    {
        var empty = PngInspector.Decode(ScoreHistogram.Png([], []));
        var normalOnly = PngInspector.Decode(ScoreHistogram.Png([1, 2, 2, 3], []));

        Assert.Equal((ScoreHistogram.Width, ScoreHistogram.Height), (empty.Width, empty.Height));
        Assert.DoesNotContain(Blue, Colours(empty.Pixels));
        Assert.Contains(Blue, Colours(normalOnly.Pixels));
        Assert.DoesNotContain(Red, Colours(normalOnly.Pixels));
    }

    private static HashSet<(byte, byte, byte)> Colours(byte[] rgb) =>
        [.. Enumerable.Range(0, rgb.Length / 3).Select(i => (rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]))];
}
