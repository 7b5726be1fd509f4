namespace Experiments.Tracking.FileStore;

/// <summary>
/// The right to write to one run: the store's in-process lock, then the run folder's lock file (<c>.write.lock</c>, a
/// file MLflow ignores), so that processes sharing an mlruns folder take turns on a run too. Without the file lock a
/// repair could cut the line another process is appending, or remove the temporary file it is about to rename.
/// </summary>
internal sealed class RunWriteLock : IDisposable
{
    public const string FileName = ".write.lock";

    private readonly SemaphoreSlim gate;
    private readonly CrossProcessFileLock? fileLock;

    private RunWriteLock(SemaphoreSlim gate, CrossProcessFileLock? fileLock)
    {
        this.gate = gate;
        this.fileLock = fileLock;
    }

    /// <summary>Takes <paramref name="gate"/>, then the lock file when the run folder exists and is writable.</summary>
    public static async Task<RunWriteLock> AcquireAsync(SemaphoreSlim gate, string runDirectory, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fileLock = await CrossProcessFileLock.AcquireIfWritableAsync(Path.Combine(runDirectory, FileName), cancellationToken).ConfigureAwait(false);
            return new RunWriteLock(gate, fileLock);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    public void Dispose()
    {
        fileLock?.Dispose();
        gate.Release();
    }
}
