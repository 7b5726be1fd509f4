using System.Runtime.InteropServices;

namespace Experiments.Bench;

/// <summary>
/// Bytes in use on the C heap, as glibc's allocator counts them (<c>mallinfo2</c>: small blocks in use plus mmapped
/// large blocks). libtorch allocates CPU tensors with malloc, so a leaked tensor shows up here at once, and the
/// figure does not move with the .NET GC's committed-but-untouched pages or with freed pages the allocator keeps,
/// which make RSS-based estimates of native memory noisy.
/// </summary>
internal static partial class NativeHeap
{
    public static double InUseMiB()
    {
        var info = MallInfo2();
        return (info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
    }

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallInfo MallInfo2();

    // glibc's struct mallinfo2: ten size_t fields.
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo
    {
        public nuint arena;
        public nuint ordblks;
        public nuint smblks;
        public nuint hblks;
        public nuint hblkhd;
        public nuint usmblks;
        public nuint fsmblks;
        public nuint uordblks;
        public nuint fordblks;
        public nuint keepcost;
    }
}
