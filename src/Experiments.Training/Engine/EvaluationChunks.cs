using static TorchSharp.torch;

namespace Experiments.Training.Engine;

/// <summary>
/// Evaluation passes over many examples (1,000 samples, held-out sets) in chunks of <see cref="Size"/>: on a CPU a
/// network's pass over 200 at a time is about a third faster than one pass over 1,000 (the activations stay in
/// cache), and in evaluation mode (no gradients, batch norm on its running statistics) the results are the same.
/// Call inside a dispose scope: the chunks' tensors belong to it.
/// </summary>
internal static class EvaluationChunks
{
    public const int Size = 200;

    public static Tensor Map(Tensor input, Func<Tensor, Tensor> pass) =>
        input.shape[0] <= Size ? pass(input) : cat(input.split(Size).Select(pass).ToList(), 0);

    /// <summary>A pass of two inputs chunked alike (examples and their labels).</summary>
    public static Tensor Map(Tensor input, Tensor other, Func<Tensor, Tensor, Tensor> pass)
    {
        if (input.shape[0] <= Size)
        {
            return pass(input, other);
        }

        var parts = input.split(Size).Zip(other.split(Size), pass).ToList();
        return cat(parts, 0);
    }

    /// <summary>A pass with two outputs (a discriminator with a second head), each put back together.</summary>
    public static (Tensor First, Tensor Second) MapPair(Tensor input, Func<Tensor, (Tensor, Tensor)> pass)
    {
        if (input.shape[0] <= Size)
        {
            return pass(input);
        }

        var parts = input.split(Size).Select(pass).ToList();
        return (cat(parts.Select(part => part.Item1).ToList(), 0), cat(parts.Select(part => part.Item2).ToList(), 0));
    }
}
