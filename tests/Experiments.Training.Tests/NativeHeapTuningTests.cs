using System.Runtime.InteropServices;
using Experiments.Training;

namespace Experiments.Training.Tests;

// Alone: another test's allocations on other threads can take the freed blocks this test expects to get back.
[Collection(NativeHeapCollection.Name)]
public sealed class NativeHeapTuningTests
{
    private const int PageBytes = 4096;

    [Fact]
    public void Loading_libtorch_fixes_the_c_heap_thresholds()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && !NativeHeapTuning.UserConfigured(Environment.GetEnvironmentVariable), "glibc on Linux, without the user's own malloc settings");
        TorchRuntime.EnsureAvailable();

        Assert.Equal("mmap threshold 32 MiB, trim threshold 1024 MiB", NativeHeapTuning.Apply());
    }

    [Fact]
    public void Freed_blocks_below_32_MiB_are_reused_without_faulting_their_pages_in_again()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && !NativeHeapTuning.UserConfigured(Environment.GetEnvironmentVariable), "glibc on Linux, without the user's own malloc settings");
        TorchRuntime.EnsureAvailable();

        // Blocks growing by 256 KiB, as a step's activations do when shapes change: glibc's moving threshold would map
        // each one afresh (every page faults); with the fixed thresholds each reuses the freed block before it, and
        // only the growth is new memory.
        const int rounds = 24;
        long pagesTouched = 0;
        var faultsBefore = MinorFaultsOfThisThread();
        for (var round = 0; round < rounds; round++)
        {
            var bytes = (2 * 1024 * 1024) + (round * 256 * 1024);
            var block = Marshal.AllocHGlobal(bytes); // malloc on Unix
            for (var offset = 0; offset < bytes; offset += PageBytes)
            {
                Marshal.WriteByte(block, offset, 1);
            }

            pagesTouched += bytes / PageBytes;
            Marshal.FreeHGlobal(block);
        }

        var faults = MinorFaultsOfThisThread() - faultsBefore;

        // Reused: about 2 MiB once plus 256 KiB a round (~30 % of the pages touched); mapped afresh: all of them.
        Assert.True(faults < pagesTouched * 0.5, $"{faults} minor page faults for {pagesTouched} pages touched: freed blocks are not being reused.");
    }

    [Theory]
    [InlineData("MALLOC_TRIM_THRESHOLD_", "131072", true)]
    [InlineData("MALLOC_MMAP_THRESHOLD_", "65536", true)]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0", true)]
    [InlineData("GLIBC_TUNABLES", "glibc.pthread.rseq=0", false)]
    [InlineData("OMP_NUM_THREADS", "2", false)]
    public void The_users_own_glibc_malloc_settings_win(string variable, string value, bool userConfigured)
    {
        Assert.Equal(userConfigured, NativeHeapTuning.UserConfigured(name => name == variable ? value : null));
    }

    /// <summary>Minor page faults of the calling thread (field 10 of /proc/thread-self/stat), so other tests' threads do not count.</summary>
    private static long MinorFaultsOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
    }
}
