using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Engine.Scalars;

/// <summary>
/// LeakyReLU whose slope is one Scalar held by the module (see <see cref="ScalarArithmetic"/>; the library's module
/// makes a temporary Scalar of its slope on every call).
/// </summary>
internal sealed class ScalarSafeLeakyRelu(double negativeSlope) : nn.Module<Tensor, Tensor>("LeakyReLU")
{
    private readonly Scalar slope = negativeSlope.ToScalar();

    public override Tensor forward(Tensor input) => input.leaky_relu(slope);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            slope.Dispose();
        }

        base.Dispose(disposing);
    }
}
