using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Gan;

/// <summary>A maxout layer (Goodfellow et al. 2013): <c>pieces</c> linear maps per output unit, the largest one kept.</summary>
internal sealed class Maxout : Module<Tensor, Tensor>
{
    private readonly Linear linear;
    private readonly int outputs;
    private readonly int pieces;

    public Maxout(int inputs, int outputs, int pieces)
        : base(nameof(Maxout))
    {
        this.outputs = outputs;
        this.pieces = pieces;
        linear = Linear(inputs, (long)outputs * pieces);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => linear.call(input).view(-1, outputs, pieces).amax([2]);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            linear.Dispose();
        }

        base.Dispose(disposing);
    }
}
