using Experiments.Training.Engine.Scalars;
using Experiments.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// What a GAN's discriminator (or critic) is shown of real and generated images, as the curriculum sets it: the
/// images at the stage's resolution, plus instance noise while training. Progressive resolution keeps the networks
/// whole (ProGAN grows layers instead): images are average-pooled to the stage's side and scaled back up to 28x28 by
/// repeating each pixel, as ProGAN shows a lower-resolution stage's images to its larger layers. So the discriminator
/// can tell real from generated only by coarse shape at first, and the generator, whose gradients pass through the
/// same pooling, learns coarse shape before detail. At 28x28 and without noise it is the identity: a run without a
/// curriculum trains exactly as before.
/// </summary>
internal sealed class DiscriminatorView(double instanceNoise, Generator noise, Device device)
{
    private int side = Dcgan.DcganGenerator.ImageSide;
    private double noiseStd = instanceNoise;

    public void EnterStage(CurriculumStageSettings stage)
    {
        side = checked((int)stage.Integer(GanCurriculum.Resolution));
        noiseStd = stage.Number(GanCurriculum.InstanceNoise);
    }

    /// <summary>Images in [-1, 1] as the discriminator trains on them: at the stage's resolution, with the stage's instance noise (drawn from the run's generator).</summary>
    public Tensor Training(Tensor images)
    {
        var shown = AtResolution(images);
        return noiseStd > 0 ? shown.Plus(randn(shown.shape, device: device, generator: noise).Times(noiseStd)) : shown;
    }

    /// <summary>Images at the stage's resolution, still [N, C, 28, 28]: what held-out metrics show the discriminator (no noise).</summary>
    public Tensor AtResolution(Tensor images)
    {
        var full = images.shape[^1];
        if (side >= full)
        {
            return images;
        }

        var factor = full / side;
        return avg_pool2d(images, factor).repeat_interleave(factor, 2).repeat_interleave(factor, 3);
    }
}
