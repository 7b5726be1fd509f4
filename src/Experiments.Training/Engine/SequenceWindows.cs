using Experiments.Training.Engine.Scalars;
using static TorchSharp.torch;

namespace Experiments.Training.Engine;

/// <summary>Windows of consecutive steps cut from a sequence (text [N], a series [T, C]) by index arithmetic, without copying the sequence.</summary>
internal static class SequenceWindows
{
    /// <summary>
    /// The windows of <paramref name="length"/> steps that begin at <paramref name="starts"/> (int64 [B]) in
    /// <paramref name="sequence"/>, as [B, length, ...]: rows starts[:, None] + arange(length), gathered with one index_select.
    /// </summary>
    public static Tensor Gather(Tensor sequence, Tensor starts, long length)
    {
        using var offsets = ScalarArithmetic.Range(length, sequence.device);
        using var rows = starts.unsqueeze(1).Plus(offsets.unsqueeze(0));
        using var flat = rows.flatten();
        return sequence.index_select(0, flat).reshape([starts.shape[0], length, .. sequence.shape[1..]]);
    }
}
