using Experiments.Grains.Sweeps;

namespace Experiments.Grains.Tests;

public static class Polling
{
    public static async Task<SweepSnapshot> UntilAsync(ISweepGrain sweep, Func<SweepSnapshot, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var snapshot = await sweep.GetSnapshotAsync();
            if (condition(snapshot))
            {
                return snapshot;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Sweep stayed {snapshot.Status} with trials {string.Join(", ", snapshot.Trials.Select(t => $"{t.Number}:{t.Status}"))}.");
            }

            await Task.Delay(20);
        }
    }
}
