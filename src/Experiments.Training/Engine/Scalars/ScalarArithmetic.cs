using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Engine.Scalars;

/// <summary>
/// Tensor arithmetic with numbers that keeps each number's native Scalar alive until libtorch has read it.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns a number passed where libtorch takes a Scalar (<c>t * 0.5</c>, <c>a + b</c> with its implicit
/// alpha of 1, <c>add_(x, alpha)</c>) into a temporary <see cref="Scalar"/> whose only owner is its finalizer. Once
/// its handle is read nothing holds it, so a garbage collection started by another thread (a second worker slot, the
/// test runner) while the native call runs can free it under libtorch, which then fails with "Expected false to be
/// true" from <c>c10::Scalar::toDouble</c> (or toFloat, toLong) or reads garbage. Each method here holds its Scalar in
/// a <c>using</c> (or a process-wide constant) across the call. <c>ScalarLifetimeTests</c> keeps temporaries out of
/// this assembly.
/// </remarks>
internal static class ScalarArithmetic
{
    // Process-wide constants: never disposed, so never freed under a running call on any thread.
    /// <summary>The number 1, held for the process (the implicit alpha of additions; the batch counter's step).</summary>
    internal static readonly Scalar One = 1.ToScalar();
    private static readonly Scalar Two = 2.ToScalar();
    private static readonly Scalar Zero = 0.ToScalar();

    /// <summary>a + b.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a - b.</summary>
    public static Tensor Minus(this Tensor a, Tensor b) => a.sub(b);

    /// <summary>t + value.</summary>
    public static Tensor Plus(this Tensor t, double value)
    {
        using var scalar = value.ToScalar();
        return t.add(scalar, One);
    }

    /// <summary>t - value.</summary>
    public static Tensor Minus(this Tensor t, double value)
    {
        using var scalar = value.ToScalar();
        return t.sub(scalar);
    }

    /// <summary>value - t.</summary>
    public static Tensor SubtractedFrom(this Tensor t, double value)
    {
        using var scalar = value.ToScalar();
        return t.neg().add(scalar, One);
    }

    /// <summary>t · factor.</summary>
    public static Tensor Times(this Tensor t, double factor)
    {
        using var scalar = factor.ToScalar();
        return t.mul(scalar);
    }

    /// <summary>t / divisor.</summary>
    public static Tensor DividedBy(this Tensor t, double divisor)
    {
        using var scalar = divisor.ToScalar();
        return t.div(scalar);
    }

    /// <summary>t² element-wise.</summary>
    public static Tensor Squared(this Tensor t) => t.pow(Two);

    /// <summary>t mod divisor element-wise (Python's sign convention, as <c>remainder</c>).</summary>
    public static Tensor Modulo(this Tensor t, long divisor)
    {
        using var scalar = divisor.ToScalar();
        return t.remainder(scalar);
    }

    /// <summary>t with every element below min raised to min.</summary>
    public static Tensor AtLeast(this Tensor t, double min)
    {
        using var scalar = min.ToScalar();
        return t.clamp_min(scalar);
    }

    /// <summary>t with every element clamped into [min, max].</summary>
    public static Tensor Between(this Tensor t, double min, double max)
    {
        using var low = min.ToScalar();
        using var high = max.ToScalar();
        return t.clamp(low, high);
    }

    /// <summary>t != value element-wise (a bool tensor).</summary>
    public static Tensor NotEqualTo(this Tensor t, long value)
    {
        using var scalar = value.ToScalar();
        return t.ne(scalar);
    }

    /// <summary>t /= divisor, in place.</summary>
    public static Tensor DivideBy_(this Tensor t, double divisor)
    {
        using var scalar = divisor.ToScalar();
        return t.div_(scalar);
    }

    /// <summary>t &lt; value element-wise (a bool tensor).</summary>
    public static Tensor LessThan(this Tensor t, double value)
    {
        using var scalar = value.ToScalar();
        return t.lt(scalar);
    }

    /// <summary>total += value · weight, in place.</summary>
    public static Tensor AddScaled_(this Tensor total, Tensor value, double weight)
    {
        using var scalar = weight.ToScalar();
        return total.add_(value, scalar);
    }

    /// <summary>Fills t with value, in place.</summary>
    public static Tensor FillWith_(this Tensor t, double value)
    {
        using var scalar = value.ToScalar();
        return t.fill_(scalar);
    }

    /// <summary>A tensor of the given shape filled with value.</summary>
    public static Tensor Full(long[] shape, double value, Device device, ScalarType? dtype = null)
    {
        using var scalar = value.ToScalar();
        return torch.full(shape, scalar, dtype, device);
    }

    /// <summary>0, 1, ..., count - 1 as int64.</summary>
    public static Tensor Range(long count, Device? device = null)
    {
        using var stop = count.ToScalar();
        return torch.arange(Zero, stop, One, ScalarType.Int64, device);
    }
}
