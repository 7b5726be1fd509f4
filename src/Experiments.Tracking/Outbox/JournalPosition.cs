namespace Experiments.Tracking.Outbox;

/// <summary>A place in the journal: a segment number and a byte offset within it.</summary>
internal readonly record struct JournalPosition(long Segment, long Offset) : IComparable<JournalPosition>
{
    public int CompareTo(JournalPosition other) =>
        Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);
}
