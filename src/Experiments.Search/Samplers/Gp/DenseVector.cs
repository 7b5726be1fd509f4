using System.Runtime.Intrinsics;

namespace Experiments.Search;

/// <summary>
/// Dot products and updates on spans of doubles, four lanes at a time. Fixed-width vectors and separate multiplies and
/// adds (no fused multiply-add) give the same rounding on every machine, so a sampler rebuilt elsewhere after a
/// restart proposes exactly what it proposed before.
/// </summary>
internal static class DenseVector
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var length = Math.Min(a.Length, b.Length);
        var i = 0;
        var sum = 0.0;
        if (length >= 8)
        {
            var first = Vector256<double>.Zero;
            var second = Vector256<double>.Zero;
            for (; i <= length - 8; i += 8)
            {
                first += Vector256.Create(a.Slice(i, 4)) * Vector256.Create(b.Slice(i, 4));
                second += Vector256.Create(a.Slice(i + 4, 4)) * Vector256.Create(b.Slice(i + 4, 4));
            }

            var total = first + second;
            sum = (total.GetElement(0) + total.GetElement(1)) + (total.GetElement(2) + total.GetElement(3));
        }

        for (; i < length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y -= factor·x over their common length.</summary>
    public static void SubtractScaled(Span<double> y, double factor, ReadOnlySpan<double> x)
    {
        var length = Math.Min(x.Length, y.Length);
        var i = 0;
        var scale = Vector256.Create(factor);
        for (; i <= length - 4; i += 4)
        {
            (Vector256.Create(y.Slice(i, 4)) - (scale * Vector256.Create(x.Slice(i, 4)))).CopyTo(y.Slice(i, 4));
        }

        for (; i < length; i++)
        {
            y[i] -= factor * x[i];
        }
    }
}
