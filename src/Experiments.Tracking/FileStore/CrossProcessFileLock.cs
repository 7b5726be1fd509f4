namespace Experiments.Tracking.FileStore;

/// <summary>
/// An exclusive lock on a lock file (FileShare.None maps to flock on Unix and share modes on Windows), so that
/// processes sharing the same mlruns folder take turns: creating experiments, and writing to one run (a repair must
/// never cut a line another process is appending). The file is never deleted: deleting a lock file races with the
/// next opener.
/// </summary>
internal sealed class CrossProcessFileLock : IDisposable
{
    private static readonly TimeSpan AcquireTimeout = TimeSpan.FromSeconds(60);
    private readonly FileStream stream;

    private CrossProcessFileLock(FileStream stream) => this.stream = stream;

    /// <summary>Waits while another holder has the lock; any other failure (a read-only or full disk) throws <see cref="MlflowFileStoreException"/> at once.</summary>
    public static async Task<CrossProcessFileLock> AcquireAsync(string lockPath, CancellationToken cancellationToken) =>
        (await AcquireCoreAsync(lockPath, required: true, cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// Like <see cref="AcquireAsync"/>, but null when the lock file cannot be created or opened for writing (a
    /// read-only or full disk): nobody can write there then, and the write that follows reports why.
    /// </summary>
    public static Task<CrossProcessFileLock?> AcquireIfWritableAsync(string lockPath, CancellationToken cancellationToken) =>
        AcquireCoreAsync(lockPath, required: false, cancellationToken);

    public void Dispose() => stream.Dispose();

    private static async Task<CrossProcessFileLock?> AcquireCoreAsync(
        string lockPath, bool required, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + AcquireTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new CrossProcessFileLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException exception) when (IsHeldByAnother(exception))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new MlflowFileStoreException(lockPath, "lock", $"another process has held it for {AcquireTimeout.TotalSeconds:0} s", exception);
                }

                // Held by another process (or another store instance over the same folder): wait and try again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
            {
                return required ? throw FileStoreFailure.Wrap(lockPath, "lock", exception) : null;
            }
        }
    }

    // Unix: EWOULDBLOCK from flock (11 on Linux, 35 on macOS/BSD); Windows: ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION.
    private static bool IsHeldByAnother(IOException exception) =>
        exception.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}
