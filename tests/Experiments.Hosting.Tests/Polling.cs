namespace Experiments.Hosting.Tests;

public static class Polling
{
    private static string? Describe<T>(T value) => value is Experiments.Grains.Sweeps.SweepSnapshot snapshot
        ? $"sweep {snapshot.Definition.Name} {snapshot.Status}, waiting: {snapshot.Waiting ?? "-"}, trials: {string.Join(", ", snapshot.Trials.Select(t => $"{t.Number}:{t.Status}@{t.Epoch} attempt {t.Attempt} {t.Error}"))}"
        : value?.ToString();

    /// <summary>Calls <paramref name="read"/> until <paramref name="done"/> holds; fails with the last value after <paramref name="timeout"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeout.TotalSeconds} s; last value: {Describe(value)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
