namespace Experiments.Cli.Embedded;

/// <summary>
/// Holds an exclusive lock on the state folder for the life of the process, so a second
/// <c>experiments run</c> in the same folder fails clearly instead of corrupting grain state.
/// </summary>
public sealed class StateDirectoryLock : IDisposable
{
    // errno EWOULDBLOCK (EAGAIN) on Linux: flock found the file locked by another process.
    private const int LockHeldElsewhere = 11;

    private readonly FileStream stream;

    private StateDirectoryLock(FileStream stream) => this.stream = stream;

    /// <summary>Takes the lock; throws <see cref="InvalidOperationException"/> with a message for the user when it cannot.</summary>
    public static StateDirectoryLock Acquire(string stateDirectory)
    {
        var folder = Path.GetFullPath(stateDirectory);
        var path = Path.Combine(folder, "run.lock");
        try
        {
            Directory.CreateDirectory(folder);
            return new StateDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException exception) when (exception.HResult == LockHeldElsewhere)
        {
            throw new InvalidOperationException(
                $"Another 'experiments run' is using the state folder {folder}. Wait for it to finish, or pass --state-dir to use another folder.", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"Cannot lock the state folder {folder} ({path}): {IoErrorText.Reason(exception)}; pass --state-dir with a writable folder.", exception);
        }
    }

    public void Dispose() => stream.Dispose();
}
