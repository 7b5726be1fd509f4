using TorchSharp;

namespace Experiments.Training.Engine;

/// <summary>
/// libtorch's global random generator (torch.manual_seed, weight initialisation) is process-wide, and one process
/// trains several trials at once (one per worker slot). Whoever seeds it and then draws from it holds
/// <see cref="Lock"/> for the whole sequence, or two runs would interleave their draws and the same seed would not
/// give the same weights. The lock is re-entrant: a run's construction may load the scoring classifier inside it.
/// </summary>
internal static class GlobalRandom
{
    public static Lock Lock { get; } = new();

    /// <summary>Seeds the global generator with <paramref name="seed"/> and runs <paramref name="build"/>, both under the lock.</summary>
    public static T Seeded<T>(long seed, Func<T> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (Lock)
        {
            torch.manual_seed(seed);
            return build();
        }
    }

    /// <summary>Runs <paramref name="build"/> under the lock and puts the global generator back as it was.</summary>
    public static T Untouched<T>(Func<T> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (Lock)
        {
            using var state = torch.random.get_rng_state();
            try
            {
                return build();
            }
            finally
            {
                torch.random.set_rng_state(state);
            }
        }
    }
}
