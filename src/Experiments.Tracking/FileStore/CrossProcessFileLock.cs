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

    /// <summary>Waits while another holder has the lock; any other failure (a read-only or full disk) throws <see cref="MlflowFileStoreException"/> at once.</summary>
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
            catch (IOException exception) when (IsHeldByAnother(exception) && DateTime.UtcNow < deadline)
            {
                // Held by another process (or another store instance over the same folder): wait and try again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
            {
                throw FileStoreFailure.Wrap(lockPath, "lock", exception);
            }
        }
    }

    public void Dispose() => stream.Dispose();

    // Unix: EWOULDBLOCK from flock (11 on Linux, 35 on macOS/BSD); Windows: ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION.
    private static bool IsHeldByAnother(IOException exception) =>
        exception.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}
