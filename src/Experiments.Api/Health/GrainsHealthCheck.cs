using Experiments.Grains.Catalog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Experiments.Api.Health;

/// <summary>Ready when the grains answer: asks the sweep catalog, which also reads its state file the first time.</summary>
internal sealed class GrainsHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const string Name = "grains";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetSweepCatalog().FindAsync(Guid.Empty).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("The sweep catalog answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The sweep catalog does not answer.", exception);
        }
    }
}
