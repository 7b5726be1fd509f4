using Experiments.Cli.Remote;
using Experiments.Contracts.Api;

namespace Experiments.Cli.Tests;

/// <summary>The test cluster seen through the CLI's own API client (with the write token), and waiting for sweeps to get somewhere.</summary>
public static class RemoteSweeps
{
    public static ExperimentsApiClient Client(ClusterHost host) =>
        new(ServerConnection.Resolve(host.Server, tokenFile: null, name => name == ServerConnection.TokenVariable ? ApiTokens.Write : null));

    public static async Task<Guid> SubmitAsync(ClusterHost host, string spec)
    {
        using var client = Client(host);
        return (await client.SubmitAsync(spec, "spec.yaml", startNew: false, TestContext.Current.CancellationToken)).SweepId;
    }

    public static async Task<SweepDetail> GetAsync(ClusterHost host, Guid sweepId)
    {
        using var client = Client(host);
        return await client.GetSweepAsync(sweepId, TestContext.Current.CancellationToken);
    }

    /// <summary>Generous: sweeps progress in the background, on a machine other tests keep busy.</summary>
    public static async Task<SweepDetail> UntilAsync(ClusterHost host, Guid sweepId, Func<SweepDetail, bool> condition)
    {
        using var client = Client(host);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var sweep = await client.GetSweepAsync(sweepId, TestContext.Current.CancellationToken);
            if (condition(sweep))
            {
                return sweep;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Sweep {sweepId:N} stayed {sweep.Status} with trials {sweep.Trials}.");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static Task<SweepDetail> UntilFinishedAsync(ClusterHost host, Guid sweepId) =>
        UntilAsync(host, sweepId, s => s.Status is not "RUNNING");
}
