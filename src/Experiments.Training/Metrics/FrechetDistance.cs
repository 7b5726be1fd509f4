using Experiments.Training.Engine.Scalars;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Metrics;

/// <summary>
/// The Fréchet distance between Gaussians fitted to two sets of feature vectors (the FID formula):
/// |mu_a - mu_b|^2 + tr(S_a) + tr(S_b) - 2 tr((S_a^1/2 S_b S_a^1/2)^1/2), computed in float64 with symmetric
/// eigendecompositions (stable for the rank-deficient covariances of small samples).
/// </summary>
internal static class FrechetDistance
{
    /// <param name="a">Features [N, D].</param>
    /// <param name="b">Features [M, D].</param>
    public static double Between(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        var x = a.to(ScalarType.Float64).cpu();
        var y = b.to(ScalarType.Float64).cpu();
        var meanDistance = x.mean([0]).Minus(y.mean([0])).Squared().sum().item<double>();
        var covarianceX = Covariance(x);
        var covarianceY = Covariance(y);
        var rootX = SquareRoot(covarianceX);
        var (eigenvalues, _) = torch.linalg.eigh(rootX.matmul(covarianceY).matmul(rootX));
        var traceOfRoot = eigenvalues.AtLeast(0).sqrt().sum().item<double>();
        var distance = meanDistance + covarianceX.trace().item<double>() + covarianceY.trace().item<double>() - (2 * traceOfRoot);
        return Math.Max(0, distance);
    }

    private static Tensor Covariance(Tensor features)
    {
        var centered = features.Minus(features.mean([0], keepdim: true));
        return centered.T.matmul(centered).DividedBy(Math.Max(1, features.shape[0] - 1));
    }

    /// <summary>The symmetric square root of a symmetric positive semi-definite matrix.</summary>
    private static Tensor SquareRoot(Tensor matrix)
    {
        var (eigenvalues, eigenvectors) = torch.linalg.eigh(matrix);
        return eigenvectors.mul(eigenvalues.AtLeast(0).sqrt()).matmul(eigenvectors.T);
    }
}
