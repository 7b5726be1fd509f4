namespace Experiments.Grains.Storage;

/// <summary>What reading a damaged state file does. The file itself is never deleted or overwritten.</summary>
public enum DamagedStateHandling
{
    /// <summary>The read fails with a <see cref="GrainStateDamagedException"/> naming the file (resuming needs that state).</summary>
    Fail,

    /// <summary>
    /// The file is renamed to <c>*.damaged</c> and the grain starts with empty state: for a fresh start
    /// (<c>experiments run --new</c>), where a damaged experiment record must not block a new sweep.
    /// </summary>
    SetAside,
}
