namespace Experiments.Cli.Embedded;

/// <summary>
/// Checks --state-dir before anything starts: it must be a folder (created when missing) in which files can
/// be created and written, and so must its state/ subfolder, where the grains keep their files. A problem
/// found here is a usage error (exit 2) with the path and the reason, instead of an exception mid-start.
/// </summary>
public static class StateDirectoryCheck
{
    public const string StateSubfolder = "state";

    /// <summary>Null when the folder is usable; otherwise one sentence naming the path, the reason and what to do.</summary>
    public static string? FindProblem(string stateDirectory)
    {
        if (string.IsNullOrWhiteSpace(stateDirectory))
        {
            return "--state-dir: the path is empty; pass a folder (default ./.experiments).";
        }

        string root;
        try
        {
            root = Path.GetFullPath(stateDirectory);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"--state-dir: '{stateDirectory}' is not a usable path: {IoErrorText.Reason(exception)}.";
        }

        return FolderProblem(root) ?? FolderProblem(Path.Combine(root, StateSubfolder));
    }

    private static string? FolderProblem(string folder)
    {
        if (File.Exists(folder))
        {
            return $"--state-dir: '{folder}' is a file, not a folder; pass a folder (it is created when missing).";
        }

        // "Could not find a part of the path" would hide the real reason: a file where a parent folder should be.
        for (var parent = Path.GetDirectoryName(folder); parent is not null && !Directory.Exists(parent); parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                return $"--state-dir: cannot create the folder '{folder}': '{parent}' is a file, not a folder; pass another folder.";
            }
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"--state-dir: cannot create the folder '{folder}': {IoErrorText.Reason(exception)}; pass a folder that can be created and written.";
        }

        // Writing a byte, not only creating the file, also catches a disk that is already full.
        var probe = Path.Combine(folder, $".write-check-{Environment.ProcessId}");
        try
        {
            using var stream = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            stream.WriteByte(0);
            stream.Flush(flushToDisk: false);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"--state-dir: cannot write in the folder '{folder}': {IoErrorText.Reason(exception)}; pass a writable folder.";
        }
    }
}
