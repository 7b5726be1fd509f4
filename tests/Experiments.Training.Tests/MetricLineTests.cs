using Experiments.Training.Models.Command;

namespace Experiments.Training.Tests;

/// <summary>Which lines of a program's output are metric reports, and what they report.</summary>
public sealed class MetricLineTests
{
    [Theory]
    [InlineData("loss=0.25", "loss", 0.25, null, null)]
    [InlineData("  loss=1e-3 epoch=4  ", "loss", 1e-3, 4, null)]
    [InlineData("train/loss=-2.5, step=100", "train/loss", -2.5, null, 100L)]
    [InlineData("val_loss=3 epoch=2 step=7", "val_loss", 3.0, 2, 7L)]
    public void A_line_of_name_value_pairs_reports_metrics(string line, string name, double value, int? epoch, long? step)
    {
        var parsed = MetricLine.TryParse(line);

        Assert.NotNull(parsed);
        Assert.Equal(value, parsed.Metrics[name]);
        Assert.Equal(epoch, parsed.Epoch);
        Assert.Equal(step, parsed.Step);
        Assert.DoesNotContain("epoch", parsed.Metrics.Keys);
        Assert.DoesNotContain("step", parsed.Metrics.Keys);
    }

    [Fact]
    public void A_diverged_loss_is_still_a_report()
    {
        Assert.True(double.IsNaN(MetricLine.TryParse("loss=nan")!.Metrics["loss"]));
        Assert.Equal(double.PositiveInfinity, MetricLine.TryParse("loss=inf")!.Metrics["loss"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Epoch 3 done")]
    [InlineData("loss: 0.25")]
    [InlineData("loss=0.25 done")]
    [InlineData("loss=fast")]
    [InlineData("epoch=3")]
    [InlineData("loss=0.2 epoch=0")]
    [InlineData("loss=0.2 epoch=1.5")]
    [InlineData("loss=0.2 step=-1")]
    [InlineData("1loss=0.2")]
    [InlineData("=0.2")]
    [InlineData("training: lr=0.1 momentum=0.9")]
    public void Anything_else_is_ordinary_output(string line)
    {
        Assert.Null(MetricLine.TryParse(line));
    }
}
