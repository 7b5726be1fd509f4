using Experiments.Training.Engine.Scalars;
using Experiments.Training.Metrics;
using TorchSharp;

namespace Experiments.Training.Tests;

/// <summary>The Inception Score on predictions whose score is known exactly.</summary>
public sealed class InceptionScoreTests
{
    [Fact]
    public void Confident_predictions_spread_evenly_over_ten_classes_score_ten()
    {
        using var scope = torch.NewDisposeScope();
        var oneHot = torch.nn.functional.one_hot(ScalarArithmetic.Range(1000).Modulo(10), 10).to(torch.ScalarType.Float32);

        var (score, deviation) = InceptionScore.Compute(oneHot);

        Assert.Equal(10, score, precision: 9);
        Assert.Equal(0, deviation);
    }

    [Fact]
    public void Confident_predictions_of_a_single_class_score_one()
    {
        using var scope = torch.NewDisposeScope();
        var oneHot = torch.nn.functional.one_hot(ScalarArithmetic.Full([500], 3, torch.CPU, torch.ScalarType.Int64), 10).to(torch.ScalarType.Float32);

        Assert.Equal(1, InceptionScore.Compute(oneHot).Mean, precision: 9);
    }

    [Fact]
    public void Undecided_predictions_score_one_and_two_classes_used_evenly_score_two()
    {
        using var scope = torch.NewDisposeScope();
        var undecided = ScalarArithmetic.Full([200, 10], 0.1, torch.CPU);
        var twoClasses = torch.nn.functional.one_hot(ScalarArithmetic.Range(200).Modulo(2), 10).to(torch.ScalarType.Float64);

        Assert.Equal(1, InceptionScore.Compute(undecided).Mean, precision: 9);
        Assert.Equal(2, InceptionScore.Compute(twoClasses).Mean, precision: 9);
    }

    [Fact]
    public void Splits_are_scored_apart_and_averaged()
    {
        using var scope = torch.NewDisposeScope();
        // First half uses one class, second half ten classes evenly: one split sees both, two splits see each apart.
        var labels = torch.cat([torch.zeros(100, torch.ScalarType.Int64), ScalarArithmetic.Range(100).Modulo(10)]);
        var oneHot = torch.nn.functional.one_hot(labels, 10).to(torch.ScalarType.Float32);

        var (mean, deviation) = InceptionScore.Compute(oneHot, splits: 2);

        Assert.Equal(5.5, mean, precision: 9);
        Assert.Equal(4.5, deviation, precision: 9);
        Assert.InRange(InceptionScore.Compute(oneHot).Mean, 1.5, 10);
    }
}
