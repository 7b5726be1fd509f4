namespace Experiments.Tracking.FileStore;

/// <summary>
/// An exclusive lock on a lock file (FileShare.None maps to flock on Unix and share modes on Windows), so that
/// experiment creation is serialized across processes sharing the same mlruns folder. The file is never deleted:
/// deleting a lock file races with the next opener.
/// </summary>
internal sealed class CrossProcessFileLock : IDisposable
{
    private static readonly TimeSpan AcquireTimeout = TimeSpan.FromSeconds(60);
    private readonly FileStream stream;

    private CrossProcessFileLock(FileStream stream) => this.stream = stream;

    public static async Task<CrossProcessFileLock> AcquireAsync(string lockPath, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + AcquireTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new CrossProcessFileLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Held by another process (or another store instance over the same folder): wait and try again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
