using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// The discriminator (or critic) GAN families use on points: 3 x maxout(128 units, 2 pieces) → linear → one logit or
/// score per point. PacGAN's (after VEEGAN) is 3 x maxout(200 units, 5 pieces); this one is smaller so a trial takes
/// seconds on a CPU. No batch norm, so each score depends on its own point only (the WGAN-GP penalty needs that); a
/// critic may ask for layer norm after each maxout.
/// </summary>
internal sealed class MlpDiscriminator : Module<Tensor, Tensor>
{
    public const int HiddenUnits = 128;
    public const int HiddenLayers = 3;
    public const int Pieces = 2;

    private readonly Sequential trunk;
    private readonly Linear score;

    public MlpDiscriminator(int inputs, bool layerNorm = false)
        : base(nameof(MlpDiscriminator))
    {
        trunk = Trunk(inputs, layerNorm);
        score = Linear(HiddenUnits, 1);
        RegisterComponents();
    }

    /// <summary>The maxout layers alone (<see cref="HiddenUnits"/> features per point), for discriminators with more than one head.</summary>
    public static Sequential Trunk(int inputs, bool layerNorm = false)
    {
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        for (var layer = 1; layer <= HiddenLayers; layer++)
        {
            modules.Add(($"maxout{layer}", new Maxout(layer == 1 ? inputs : HiddenUnits, HiddenUnits, Pieces)));
            if (layerNorm)
            {
                modules.Add(($"norm{layer}", LayerNorm(HiddenUnits)));
            }
        }

        return Sequential(modules);
    }

    public override Tensor forward(Tensor points) => score.call(trunk.call(points)).view(-1);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            trunk.Dispose();
            score.Dispose();
        }

        base.Dispose(disposing);
    }
}
