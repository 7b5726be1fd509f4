using System.Runtime;

namespace Experiments.Training.Tests.Support;

/// <summary>
/// Runs TorchSharp's own operators and modules, which tests use as the reference the training code's replacements
/// must match. They pass temporary Scalars to libtorch (see ScalarArithmetic); with the garbage collector held off
/// while they run, no finalizer can free one under the native call that reads it.
/// </summary>
internal static class LibraryReference
{
    // Small enough for any GC configuration's no-GC budget, large enough for the references' few small objects.
    private const long AllocationBudgetBytes = 16 * 1024 * 1024;

    public static T Run<T>(Func<T> reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var held = GC.TryStartNoGCRegion(AllocationBudgetBytes);
        try
        {
            return reference();
        }
        finally
        {
            // A reference that allocated beyond the budget ended the region itself.
            if (held && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }

    public static void Run(Action reference) => Run(() =>
    {
        reference();
        return true;
    });
}

/// <summary>
/// Marks a test that calls TorchSharp's temporary-making operators or modules only through
/// <see cref="LibraryReference.Run{T}"/>; the scalar-lifetime check of the test code trusts it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ComparesWithTheLibraryAttribute : Attribute;
