namespace Experiments.Search;

/// <summary>
/// The Sobol' sequence in up to <see cref="MaxDimensions"/> dimensions (Sobol' 1967; Bratley and Fox 1988): one
/// primitive polynomial over GF(2) per dimension after the first (enumerated by degree, checked primitive), fixed odd
/// initial direction numbers, 32 binary digits. Optionally scrambled with a random linear matrix and a digital shift
/// per dimension (Matoušek 1998), which keeps the net structure. Point n is computed directly, not by iteration.
/// </summary>
internal sealed class SobolSequence
{
    public const int MaxDimensions = 1000;
    private const int Digits = 32;

    // Initial direction numbers m_1..m_s of the first dimensions after the first (odd, m_i < 2^i); the polynomials
    // come from PrimitivePolynomials in the same order. Later dimensions draw theirs from a fixed generator.
    private static readonly uint[][] InitialNumbers =
    [
        [1], [1, 3], [1, 3, 1], [1, 1, 1], [1, 1, 3, 3], [1, 3, 5, 13], [1, 1, 5, 5, 17], [1, 1, 5, 5, 5],
        [1, 1, 7, 11, 19], [1, 1, 5, 1, 1], [1, 1, 1, 3, 11], [1, 3, 5, 5, 31], [1, 3, 3, 9, 7, 49],
    ];

    private static readonly Lazy<uint[][]> Directions = new(() => Build(MaxDimensions));

    private readonly uint[][] directions;
    private readonly uint[] shifts;

    public SobolSequence(int dimensions, Random? scrambling)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimensions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        directions = new uint[dimensions][];
        shifts = new uint[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            directions[d] = scrambling is null ? Directions.Value[d] : Scramble(Directions.Value[d], scrambling);
            shifts[d] = scrambling is null ? 0 : (uint)scrambling.NextInt64(1L << Digits);
        }
    }

    /// <summary>Coordinate <paramref name="dimension"/> of point <paramref name="index"/>, in [0, 1).</summary>
    public double Coordinate(long index, int dimension)
    {
        var value = shifts[dimension];
        var v = directions[dimension];
        for (var k = 0; index != 0 && k < Digits; k++, index >>= 1)
        {
            if ((index & 1) != 0)
            {
                value ^= v[k];
            }
        }

        return value / 4294967296.0;
    }

    /// <summary>The direction numbers v_k (k = 0..31, digit 1 of the fraction in bit 31) of the first dimensions.</summary>
    internal static uint[][] Build(int dimensions)
    {
        var result = new uint[dimensions][];
        if (dimensions == 0)
        {
            return result;
        }

        // First dimension: van der Corput in base 2.
        result[0] = new uint[Digits];
        for (var k = 0; k < Digits; k++)
        {
            result[0][k] = 1u << (Digits - 1 - k);
        }

        var filler = new Random(20240229);
        var d = 1;
        foreach (var (degree, polynomial) in PrimitivePolynomials())
        {
            if (d >= dimensions)
            {
                break;
            }

            var m = new uint[Math.Max(degree, Digits)];
            var initial = d - 1 < InitialNumbers.Length ? InitialNumbers[d - 1] : null;
            for (var i = 0; i < degree; i++)
            {
                // Odd and below 2^(i+1).
                m[i] = initial?[i] ?? ((uint)filler.NextInt64(1L << i) * 2) + 1;
            }

            // m_k = 2 a_1 m_{k-1} xor 4 a_2 m_{k-2} xor ... xor 2^s m_{k-s} xor m_{k-s} (Bratley and Fox).
            for (var k = degree; k < Digits; k++)
            {
                var value = m[k - degree] ^ (m[k - degree] << degree);
                for (var j = 1; j < degree; j++)
                {
                    if (((polynomial >> (degree - j)) & 1) != 0)
                    {
                        value ^= m[k - j] << j;
                    }
                }

                m[k] = value;
            }

            result[d] = new uint[Digits];
            for (var k = 0; k < Digits; k++)
            {
                result[d][k] = m[k] << (Digits - 1 - k);
            }

            d++;
        }

        return result;
    }

    /// <summary>Primitive polynomials over GF(2) by degree, then by their coefficients (bit s: x^s, bit 0: 1).</summary>
    internal static IEnumerable<(int Degree, uint Polynomial)> PrimitivePolynomials()
    {
        for (var degree = 1; degree <= 20; degree++)
        {
            for (var middle = 0u; middle < 1u << (degree - 1); middle++)
            {
                var polynomial = (1u << degree) | (middle << 1) | 1u;
                if (IsPrimitive(polynomial, degree))
                {
                    yield return (degree, polynomial);
                }
            }
        }
    }

    /// <summary>Whether x has order 2^degree - 1 modulo the polynomial (then it is irreducible and primitive).</summary>
    internal static bool IsPrimitive(uint polynomial, int degree)
    {
        if (degree == 1)
        {
            return polynomial == 0b11;
        }

        var order = (1UL << degree) - 1;
        if (PowerOfX(order, polynomial, degree) != 1)
        {
            return false;
        }

        foreach (var factor in PrimeFactors(order))
        {
            if (PowerOfX(order / factor, polynomial, degree) == 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>x^exponent modulo the polynomial, by square and multiply in GF(2)[x].</summary>
    private static ulong PowerOfX(ulong exponent, uint polynomial, int degree)
    {
        ulong result = 1;
        ulong power = 2; // x
        while (exponent > 0)
        {
            if ((exponent & 1) != 0)
            {
                result = MultiplyModulo(result, power, polynomial, degree);
            }

            power = MultiplyModulo(power, power, polynomial, degree);
            exponent >>= 1;
        }

        return result;
    }

    private static ulong MultiplyModulo(ulong a, ulong b, uint polynomial, int degree)
    {
        ulong product = 0;
        while (b != 0)
        {
            if ((b & 1) != 0)
            {
                product ^= a;
            }

            b >>= 1;
            a <<= 1;
            if (((a >> degree) & 1) != 0)
            {
                a ^= polynomial;
            }
        }

        return product;
    }

    private static IEnumerable<ulong> PrimeFactors(ulong value)
    {
        for (ulong p = 2; p * p <= value; p++)
        {
            if (value % p == 0)
            {
                yield return p;
                while (value % p == 0)
                {
                    value /= p;
                }
            }
        }

        if (value > 1)
        {
            yield return value;
        }
    }

    /// <summary>
    /// Random linear matrix scrambling: output digit i is digit i plus a random combination of the digits before it
    /// (a lower triangular matrix with unit diagonal, so nets stay nets).
    /// </summary>
    private static uint[] Scramble(uint[] directions, Random random)
    {
        var rows = new uint[Digits];
        for (var i = 0; i < Digits; i++)
        {
            var diagonal = 1u << (Digits - 1 - i);
            var above = i == 0 ? 0u : ~((diagonal << 1) - 1); // digits 0..i-1 (bits above the diagonal bit)
            rows[i] = diagonal | ((uint)random.NextInt64(1L << Digits) & above);
        }

        var scrambled = new uint[Digits];
        for (var k = 0; k < Digits; k++)
        {
            uint value = 0;
            for (var i = 0; i < Digits; i++)
            {
                if ((System.Numerics.BitOperations.PopCount(rows[i] & directions[k]) & 1) != 0)
                {
                    value |= 1u << (Digits - 1 - i);
                }
            }

            scrambled[k] = value;
        }

        return scrambled;
    }
}
