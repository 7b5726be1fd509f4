using Experiments.Testing;
using System.Text;
using Experiments.Tracking.Outbox;
using Experiments.Tracking.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Experiments.Tracking.Tests.Outbox;

public sealed class OutboxJournalTests
{
    [Fact]
    public void Records_come_back_in_order_and_survive_a_reopen_until_delivered()
    {
        using var folder = new TemporaryFolder();
        using (var journal = Open(folder.Path))
        {
            for (var i = 0; i < 10; i++)
            {
                journal.Append(Record(i));
            }

            var firstFour = journal.Read(maxRecords: 4, maxBytes: long.MaxValue);
            Assert.Equal(["record 0", "record 1", "record 2", "record 3"], firstFour.Select(Text));
            journal.Advance(firstFour[^1].Next, firstFour.Count, firstFour.Sum(e => e.Size));
            Assert.Equal(6, journal.PendingCount);
        }

        using var reopened = Open(folder.Path);
        Assert.Equal(6, reopened.PendingCount);
        Assert.Equal(Enumerable.Range(4, 6).Select(i => $"record {i}"), reopened.Read(100, long.MaxValue).Select(Text));
    }

    [Fact]
    public void A_record_torn_by_a_crash_is_cut_off_on_open_and_appending_goes_on_after_the_last_whole_one()
    {
        using var folder = new TemporaryFolder();
        using (var journal = Open(folder.Path))
        {
            journal.Append(Record(0));
            journal.Append(Record(1));
        }

        // What a kill -9 in the middle of a write leaves: a header promising more bytes than follow.
        var segment = Directory.GetFiles(folder.Path, "*.seg").Single();
        var whole = new FileInfo(segment).Length;
        using (var stream = new FileStream(segment, FileMode.Append))
        {
            stream.Write([200, 0, 0, 0, 1, 2, 3, 4, (byte)'h', (byte)'a']);
        }

        using (var journal = Open(folder.Path))
        {
            Assert.Equal(whole, new FileInfo(segment).Length);
            Assert.Equal(2, journal.PendingCount);
            journal.Append(Record(2));
            Assert.Equal(["record 0", "record 1", "record 2"], journal.Read(100, long.MaxValue).Select(Text));
        }
    }

    [Fact]
    public void A_record_with_a_bad_checksum_at_the_end_is_cut_off_too()
    {
        using var folder = new TemporaryFolder();
        using (var journal = Open(folder.Path))
        {
            journal.Append(Record(0));
            journal.Append(Record(1));
        }

        var segment = Directory.GetFiles(folder.Path, "*.seg").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        using var reopened = Open(folder.Path);
        Assert.Equal(["record 0"], reopened.Read(100, long.MaxValue).Select(Text));
    }

    [Fact]
    public void Delivered_segments_are_deleted_and_new_ones_started_when_one_is_full()
    {
        using var folder = new TemporaryFolder();
        using var journal = OutboxJournal.Open(folder.Path, segmentBytes: 256, NullLogger.Instance);
        for (var i = 0; i < 40; i++)
        {
            journal.Append(Record(i));
        }

        Assert.True(Directory.GetFiles(folder.Path, "*.seg").Length >= 3);
        var all = journal.Read(1000, long.MaxValue);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"record {i}"), all.Select(Text));

        journal.Advance(all[^1].Next, all.Count, all.Sum(e => e.Size));

        Assert.Single(Directory.GetFiles(folder.Path, "*.seg"));
        Assert.Equal(0, journal.PendingCount);
        Assert.Equal(0, journal.PendingBytes);
        journal.Append(Record(40));
        Assert.Equal(["record 40"], journal.Read(10, long.MaxValue).Select(Text));
    }

    [Fact]
    public void An_append_that_fails_on_a_full_disk_leaves_nothing_behind_and_the_journal_works_once_there_is_space()
    {
        using var folder = new TemporaryFolder();
        var diskFolder = Path.Combine(folder.Path, "disk");
        using var disk = ScratchMount.Tmpfs(diskFolder, "64k");

        var journalFolder = Path.Combine(diskFolder, "outbox");
        var appended = 0;
        using (var journal = OutboxJournal.Open(journalFolder, segmentBytes: 1 << 20, NullLogger.Instance))
        {
            var filler = new string('x', 3000);
            Assert.ThrowsAny<IOException>((Action)(() =>
            {
                while (true)
                {
                    journal.Append(Encoding.UTF8.GetBytes($"{appended} {filler}"));
                    appended++;
                }
            }));

            Assert.True(appended > 0, "the small disk should take a few records before it is full");
            Assert.Equal(appended, journal.PendingCount);
            Assert.Equal(appended, journal.Read(1000, long.MaxValue).Count);

            disk.Grow("16m");
            journal.Append(Encoding.UTF8.GetBytes("after the disk had space again"));
        }

        using var reopened = OutboxJournal.Open(journalFolder, segmentBytes: 1 << 20, NullLogger.Instance);
        var entries = reopened.Read(1000, long.MaxValue);
        Assert.Equal(appended + 1, entries.Count);
        Assert.Equal("after the disk had space again", Text(entries[^1]));
    }

    private static OutboxJournal Open(string folder) => OutboxJournal.Open(folder, segmentBytes: 1 << 20, NullLogger.Instance);

    private static byte[] Record(int i) => Encoding.UTF8.GetBytes($"record {i}");

    private static string Text(JournalEntry entry) => Encoding.UTF8.GetString(entry.Payload);
}
