using System.Runtime.ExceptionServices;

namespace Experiments.Bench;

/// <summary>Where a product part may run libtorch work besides the training itself.</summary>
internal static class TorchThreads
{
    /// <summary>
    /// Runs libtorch work that is not training (sizing a run) on a thread that then ends. libgomp keeps a team of
    /// worker threads for every thread that ran a parallel operation, for that thread's life, and counts them against
    /// the cores: one team too many and every team's workers sleep between operations instead of spinning. A team
    /// left on the main thread by the sizing probe cost the model-training product part a quarter of its speed (twice
    /// the futex calls of the training threads); in the worker, only the training thread runs libtorch.
    /// </summary>
    public static T OnShortLivedThread<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
#pragma warning disable CA1031 // Rethrown on the caller's thread below.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
