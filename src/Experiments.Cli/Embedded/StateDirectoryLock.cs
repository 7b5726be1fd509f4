namespace Experiments.Cli.Embedded;

/// <summary>
/// Holds an exclusive lock on the state folder for the life of the process, so a second
/// <c>experiments run</c> in the same folder fails clearly instead of corrupting grain state.
/// </summary>
public sealed class StateDirectoryLock : IDisposable
{
    private readonly FileStream stream;

    private StateDirectoryLock(FileStream stream) => this.stream = stream;

    public static StateDirectoryLock Acquire(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, "run.lock");
        try
        {
            return new StateDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException)
        {
            throw new InvalidOperationException(
                $"Another 'experiments run' is using the state folder {Path.GetFullPath(stateDirectory)}. Wait for it to finish, or pass --state-dir to use another folder.");
        }
    }

    public void Dispose() => stream.Dispose();
}
