namespace Experiments.Search;

/// <summary>
/// The Cholesky factor L (lower triangular, K = L·Lᵀ) of a symmetric positive definite matrix, row-major n × n, and
/// the solves and inverse built on it. Every inner loop is a dot product or update over a contiguous row.
/// </summary>
internal static class Cholesky
{
    /// <summary>
    /// Factors in place: reads only the lower triangle of <paramref name="matrix"/> and overwrites it with L (the upper
    /// triangle is left as it was). False when the matrix is not numerically positive definite.
    /// </summary>
    public static bool Factor(Span<double> matrix, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var row = matrix.Slice(i * n, n);
            for (var j = 0; j < i; j++)
            {
                row[j] = (row[j] - DenseVector.Dot(row[..j], matrix.Slice(j * n, j))) / matrix[(j * n) + j];
            }

            var pivot = row[i] - DenseVector.Dot(row[..i], row[..i]);
            if (!(pivot > 0) || !double.IsFinite(pivot))
            {
                return false;
            }

            row[i] = Math.Sqrt(pivot);
        }

        return true;
    }

    /// <summary>Solves L·x = b in place (b becomes x).</summary>
    public static void SolveLower(ReadOnlySpan<double> factor, int n, Span<double> vector)
    {
        for (var i = 0; i < n; i++)
        {
            vector[i] = (vector[i] - DenseVector.Dot(factor.Slice(i * n, i), vector[..i])) / factor[(i * n) + i];
        }
    }

    /// <summary>Solves Lᵀ·x = b in place, column by column so that it too walks L's rows.</summary>
    public static void SolveUpper(ReadOnlySpan<double> factor, int n, Span<double> vector)
    {
        for (var i = n - 1; i >= 0; i--)
        {
            vector[i] /= factor[(i * n) + i];
            DenseVector.SubtractScaled(vector[..i], vector[i], factor.Slice(i * n, i));
        }
    }

    /// <summary>Solves L·Lᵀ·x = b in place.</summary>
    public static void Solve(ReadOnlySpan<double> factor, int n, Span<double> vector)
    {
        SolveLower(factor, n, vector);
        SolveUpper(factor, n, vector);
    }

    /// <summary>
    /// U = L⁻ᵀ into <paramref name="inverseTransposed"/> (row-major, upper triangle; the lower is not written), so that
    /// (L·Lᵀ)⁻¹ at (i, j) is the dot product of rows i and j of U from column max(i, j) on.
    /// </summary>
    public static void InvertTransposed(ReadOnlySpan<double> factor, int n, Span<double> inverseTransposed)
    {
        // Row j of U is column j of L⁻¹: forward substitution for the unit vector e_j, which is zero before j.
        for (var j = 0; j < n; j++)
        {
            var row = inverseTransposed.Slice(j * n, n);
            row[j] = 1 / factor[(j * n) + j];
            for (var i = j + 1; i < n; i++)
            {
                row[i] = -DenseVector.Dot(factor.Slice((i * n) + j, i - j), row[j..i]) / factor[(i * n) + i];
            }
        }
    }
}
