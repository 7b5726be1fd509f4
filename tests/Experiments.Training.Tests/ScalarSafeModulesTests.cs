using Experiments.Training.Engine.Scalars;
using Experiments.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Tests;

/// <summary>
/// The replacements for TorchSharp's Adam, BatchNorm and LeakyReLU compute what the library's do, keep its state
/// dictionary keys (so checkpoints and model files do not change), and the arithmetic helpers give the operators'
/// values.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public static class ScalarSafeModulesTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [ComparesWithTheLibrary]
    public static void Adam_takes_the_librarys_steps_and_keeps_its_state(double weightDecay)
    {
        using var scope = NewDisposeScope();
        var (ours, theirs) = (Network(seed: 5), Network(seed: 5));
        using var ourAdam = new ScalarSafeAdam(ours.parameters(), 0.01, 0.5, 0.99, weightDecay);
        using var theirAdam = LibraryReference.Run(() => optim.Adam(theirs.parameters(), lr: 0.01, beta1: 0.5, beta2: 0.99, weight_decay: weightDecay));
        var generator = new Generator(11);
        for (var step = 0; step < 20; step++)
        {
            var input = randn([16, 3], generator: generator);
            ourAdam.zero_grad();
            ours.call(input).Squared().mean().backward();
            ourAdam.step();
            LibraryReference.Run(() =>
            {
                theirAdam.zero_grad();
                theirs.call(input).Squared().mean().backward();
                theirAdam.step();
            });
        }

        foreach (var (name, parameter) in ours.named_parameters())
        {
            Assert.True(parameter.Same(theirs.get_parameter(name)!), $"{name} differs after 20 steps");
        }

        var ourState = ourAdam.state_dict();
        var theirState = theirAdam.state_dict();
        Assert.Equal(theirState.State.Count, ourState.State.Count);
        Assert.Equal(((TorchSharp.Modules.Adam.State)theirState.State[0]).step, ((TorchSharp.Modules.Adam.State)ourState.State[0]).step);
    }

    [Fact]
    [ComparesWithTheLibrary]
    public static void Batch_norm_normalises_as_the_librarys_in_training_and_evaluation_with_the_same_keys()
    {
        using var scope = NewDisposeScope();
        using var ours = ScalarSafeBatchNorm.Over2d(3);
        using var theirs = LibraryReference.Run(() => nn.BatchNorm2d(3));
        var generator = new Generator(3);
        for (var step = 0; step < 5; step++)
        {
            var input = randn([8, 3, 4, 4], generator: generator).Times(2).Plus(1);
            Assert.True(ours.call(input).allclose(LibraryReference.Run(() => theirs.call(input)), rtol: 1e-6, atol: 1e-6), "training output differs");
        }

        Assert.Equal(theirs.state_dict().Keys.Order(), ours.state_dict().Keys.Order());
        Assert.True(ours.running_mean!.allclose(theirs.running_mean!) && ours.running_var!.allclose(theirs.running_var!));
        Assert.Equal(5, ours.num_batches_tracked!.item<long>());

        ours.eval();
        theirs.eval();
        var held = randn([8, 3, 4, 4], generator: generator).Times(2).Plus(1);
        Assert.True(ours.call(held).allclose(LibraryReference.Run(() => theirs.call(held)), rtol: 1e-6, atol: 1e-6), "evaluation output differs");
        Assert.Equal(5, ours.num_batches_tracked!.item<long>());
        Assert.Throws<ArgumentException>(() => ours.call(randn(8, 3)));
    }

    [Fact]
    [ComparesWithTheLibrary]
    public static void Leaky_relu_matches_the_librarys()
    {
        using var scope = NewDisposeScope();
        using var ours = new ScalarSafeLeakyRelu(0.2);
        using var theirs = LibraryReference.Run(() => nn.LeakyReLU(0.2));
        var input = linspace(-3, 3, 61);

        Assert.True(ours.call(input).Same(LibraryReference.Run(() => theirs.call(input))));
        Assert.Empty(ours.state_dict());
    }

    [Fact]
    [ComparesWithTheLibrary]
    public static void The_arithmetic_helpers_give_the_operators_values()
    {
        using var scope = NewDisposeScope();
        var a = linspace(-2, 2, 9);
        var b = linspace(1, 5, 9);

        Assert.True(a.Plus(b).Same(LibraryReference.Run(() => a + b)));
        Assert.True(a.Minus(b).Same(LibraryReference.Run(() => a - b)));
        Assert.True(a.Plus(0.5).Same(LibraryReference.Run(() => a + 0.5)));
        Assert.True(a.Minus(0.5).Same(LibraryReference.Run(() => a - 0.5)));
        Assert.True(a.SubtractedFrom(1).Same(LibraryReference.Run(() => 1 - a)));
        Assert.True(a.Times(3).Same(LibraryReference.Run(() => a * 3)));
        Assert.True(a.DividedBy(4).Same(LibraryReference.Run(() => a / 4)));
        Assert.True(a.Squared().Same(LibraryReference.Run(() => a.pow(2))));
        Assert.True(a.AtLeast(0).Same(LibraryReference.Run(() => a.clamp_min(0))));
        Assert.True(a.LessThan(0.5).to(ScalarType.Int32).Same(LibraryReference.Run(() => (a < 0.5).to(ScalarType.Int32))));
        Assert.True(ScalarArithmetic.Range(7).Modulo(3).Same(LibraryReference.Run(() => arange(7).remainder(3))));
        Assert.True(ScalarArithmetic.Full([2, 3], 0.9, CPU).Same(LibraryReference.Run(() => full(2, 3, 0.9))));
        Assert.True(a.clone().AddScaled_(b, 2).Same(LibraryReference.Run(() => a + (2 * b))));
        Assert.True(a.clone().DivideBy_(255).Same(LibraryReference.Run(() => a / 255)));
        Assert.True(zeros(3).FillWith_(1.5).Same(LibraryReference.Run(() => full(3, 1.5))));
    }

    private static bool Same(this Tensor actual, Tensor expected) => actual.allclose(expected, rtol: 0, atol: 0);

    private static nn.Module<Tensor, Tensor> Network(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1));
    }
}
