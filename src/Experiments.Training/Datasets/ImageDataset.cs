using Experiments.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Datasets;

/// <summary>
/// A training split and a held-out split of grey images as float tensors [N, 1, rows, columns] in [0, 1],
/// each kept whole in memory (MNIST-sized data sets are tens of megabytes).
/// </summary>
internal sealed class ImageDataset : IDisposable
{
    public ImageDataset(string name, Tensor train, Tensor heldOut, byte[]? trainLabels, byte[]? heldOutLabels)
    {
        Name = name;
        Train = train;
        HeldOut = heldOut;
        TrainLabels = trainLabels;
        HeldOutLabels = heldOutLabels;
    }

    public string Name { get; }

    public Tensor Train { get; }

    public Tensor HeldOut { get; }

    public byte[]? TrainLabels { get; }

    public byte[]? HeldOutLabels { get; }

    /// <summary>Number of classes (largest label + 1), or 0 when the data set has no labels.</summary>
    public int Classes => TrainLabels is { Length: > 0 } labels ? labels.Max() + 1 : 0;

    public long TrainCount => Train.shape[0];

    public long HeldOutCount => HeldOut.shape[0];

    public int Rows => (int)Train.shape[2];

    public int Columns => (int)Train.shape[3];

    /// <summary>Converts raw bytes of <paramref name="images"/> (selected by <paramref name="indices"/>) to a [N,1,H,W] tensor in [0,1].</summary>
    public static Tensor ToTensor(IdxImages images, IReadOnlyList<int> indices)
    {
        var perImage = images.PixelsPerImage;
        var values = new float[(long)indices.Count * perImage];
        for (var i = 0; i < indices.Count; i++)
        {
            var source = images.Pixels.AsSpan(indices[i] * perImage, perImage);
            var target = values.AsSpan(i * perImage, perImage);
            for (var p = 0; p < perImage; p++)
            {
                target[p] = source[p] / 255f;
            }
        }

        return torch.tensor(values, [indices.Count, 1, images.Rows, images.Columns]);
    }

    public void Dispose()
    {
        Train.Dispose();
        HeldOut.Dispose();
    }
}
