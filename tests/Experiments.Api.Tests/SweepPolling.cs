using Experiments.Contracts.Api;

namespace Experiments.Api.Tests;

/// <summary>Waits, through the API, for a sweep to get somewhere; generous, because sweeps progress in the background.</summary>
public static class SweepPolling
{
    public static async Task<SweepDetail> UntilAsync(HttpClient client, Guid sweepId, Func<SweepDetail, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var sweep = await (await client.GetResponseAsync($"/api/sweeps/{sweepId}")).ReadAsync<SweepDetail>();
            if (condition(sweep))
            {
                return sweep;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Sweep {sweepId} stayed {sweep.Status} with trials {sweep.Trials}.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static Task<SweepDetail> UntilFinishedAsync(HttpClient client, Guid sweepId) =>
        UntilAsync(client, sweepId, s => s.Status is not "RUNNING");
}
