using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Engine.Scalars;

/// <summary>
/// Batch normalisation (Ioffe and Szegedy 2015) over [N, C] or [N, C, L] (1-d) or [N, C, H, W] (2-d) input, with
/// TorchSharp's parameters and buffers (so the same state dictionary keys), whose forward counts batches without a
/// temporary Scalar (see <see cref="ScalarArithmetic"/>; the library's forward adds a temporary 1 every training
/// step).
/// </summary>
internal sealed class ScalarSafeBatchNorm : BatchNorm
{
    private readonly int[] acceptedRanks;

    private ScalarSafeBatchNorm(long features, int[] acceptedRanks, string name)
        : base(features, eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true, device: null, dtype: null, name: name)
    {
        this.acceptedRanks = acceptedRanks;
    }

    /// <summary>Over the channels of [N, C, H, W] images, as <c>nn.BatchNorm2d</c>.</summary>
    public static ScalarSafeBatchNorm Over2d(long channels) => new(channels, [4], "BatchNorm2d");

    /// <summary>Over the features of [N, C] or [N, C, L], as <c>nn.BatchNorm1d</c>.</summary>
    public static ScalarSafeBatchNorm Over1d(long features) => new(features, [2, 3], "BatchNorm1d");

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        if (training && track_running_stats && num_batches_tracked is not null)
        {
            num_batches_tracked.add_(ScalarArithmetic.One, ScalarArithmetic.One);
        }

        // Training uses the batch's statistics (and updates the running ones); evaluation uses the running ones.
        return batch_norm(input, running_mean, running_var, weight, bias, training, momentum!.Value, eps);
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (!acceptedRanks.Contains((int)input.dim()))
        {
            throw new ArgumentException($"expected {string.Join(" or ", acceptedRanks.Select(rank => $"{rank}D"))} input (got {input.dim()}D input)");
        }
    }
}
