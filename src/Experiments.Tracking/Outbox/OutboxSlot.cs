using System.Globalization;

namespace Experiments.Tracking.Outbox;

/// <summary>
/// A numbered sub-folder of the outbox owned by one process, held by an exclusive lock on its <c>lock</c> file for
/// as long as the process uses it (released when the process dies, however it dies).
/// </summary>
internal sealed class OutboxSlot : IDisposable
{
    private const string LockFileName = "lock";
    private const int MaxSlots = 1000;
    private readonly FileStream lockStream;

    private OutboxSlot(string folder, FileStream lockStream)
    {
        Folder = folder;
        this.lockStream = lockStream;
    }

    public string Folder { get; }

    /// <summary>Claims the lowest-numbered slot no running process holds.</summary>
    public static OutboxSlot ClaimFree(string root)
    {
        Directory.CreateDirectory(root);
        for (var number = 0; number < MaxSlots; number++)
        {
            if (TryClaim(Path.Combine(root, number.ToString(CultureInfo.InvariantCulture))) is { } slot)
            {
                return slot;
            }
        }

        throw new IOException($"All {MaxSlots} tracking outbox folders under {root} are in use by running processes.");
    }

    /// <summary>Slot folders under <paramref name="root"/> other than <paramref name="except"/>, whoever holds them.</summary>
    public static IEnumerable<string> Others(string root, string except) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root)
                .Where(folder => int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .Where(folder => !string.Equals(Path.GetFullPath(folder), Path.GetFullPath(except), StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
            : [];

    /// <summary>The slot, or null when a running process holds it.</summary>
    public static OutboxSlot? TryClaim(string folder)
    {
        Directory.CreateDirectory(folder);
        try
        {
            // FileShare.None takes an exclusive flock on Unix: one holder per slot, across processes and within one.
            var stream = new FileStream(Path.Combine(folder, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new OutboxSlot(Path.GetFullPath(folder), stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => lockStream.Dispose();
}
