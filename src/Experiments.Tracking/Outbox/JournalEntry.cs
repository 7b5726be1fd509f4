namespace Experiments.Tracking.Outbox;

/// <summary>One record read back from the journal, and where the next one starts.</summary>
internal sealed record JournalEntry(byte[] Payload, JournalPosition Next)
{
    /// <summary>Bytes the entry takes in the journal, header included.</summary>
    public long Size => Payload.Length + OutboxJournal.HeaderBytes;
}
