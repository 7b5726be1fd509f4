using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// The generator GAN families use on points: z → 3 x [linear 128, ReLU] → linear to the point's coordinates (no
/// squashing: points are unbounded). PacGAN's (after VEEGAN) has 4 layers of 400 with batch norm; this one is smaller so
/// a trial takes seconds on a CPU, and has no batch norm: in evaluation the running statistics lag the weights by more
/// than the 3 standard deviations (0.03 on ring8) a sample may stray, which cost half the high-quality samples.
/// </summary>
internal sealed class MlpGenerator : Module<Tensor, Tensor>
{
    public const int HiddenUnits = 128;
    public const int HiddenLayers = 3;

    private readonly Sequential layers;

    public MlpGenerator(int latentDim, int dimension)
        : base(nameof(MlpGenerator))
    {
        LatentDim = latentDim;
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        for (var layer = 1; layer <= HiddenLayers; layer++)
        {
            modules.Add(($"linear{layer}", Linear(layer == 1 ? latentDim : HiddenUnits, HiddenUnits)));
            modules.Add(($"relu{layer}", ReLU()));
        }

        modules.Add(("out", Linear(HiddenUnits, dimension)));
        layers = Sequential(modules);
        RegisterComponents();
    }

    public int LatentDim { get; }

    public override Tensor forward(Tensor latent) => layers.call(latent);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
