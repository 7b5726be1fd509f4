using Experiments.Training;

namespace Experiments.Training.Tests;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Probe_loads_libtorch_from_the_build_output()
    {
        // On Debian 12 this only passes when the GLIBCXX fix was applied to the output copy.
        var availability = TorchRuntime.Probe();

        Assert.True(availability.IsAvailable, availability.Reason);
        Assert.Null(availability.Reason);
        Assert.Contains(availability.Device, new[] { "cpu", "cuda" });
        Assert.True(availability.CudaDeviceCount >= 0);
        TorchRuntime.EnsureAvailable();
    }

    [Fact]
    public void Summarize_turns_a_missing_glibcxx_version_into_one_sentence()
    {
        var loaderError = new DllNotFoundException(
            "Unable to load shared library 'LibTorchSharp' or one of its dependencies.\n" +
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/runtimes/linux-x64/native/libLibTorchSharp.so)");
        var wrapped = new NotSupportedException("This application or script uses TorchSharp but doesn't contain a reference to libtorch.", loaderError);

        var reason = TorchRuntime.Summarize(wrapped);

        Assert.Equal("libLibTorchSharp.so needs GLIBCXX_3.4.32, which this system's libstdc++.so.6 lacks", reason);
    }

    [Fact]
    public void Summarize_names_a_missing_shared_object()
    {
        var loaderError = new DllNotFoundException(
            "Unable to load shared library 'LibTorchSharp' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace.\n" +
            "libtorch_cpu.so: cannot open shared object file: No such file or directory");

        Assert.Equal("libtorch_cpu.so was not found", TorchRuntime.Summarize(loaderError));
    }

    [Fact]
    public void Summarize_keeps_an_unknown_failure_to_one_short_line()
    {
        var reason = TorchRuntime.Summarize(new InvalidOperationException(new string('x', 1_000) + "\nsecond line."));

        Assert.Equal("second line", reason);
        Assert.DoesNotContain('\n', TorchRuntime.Summarize(new InvalidOperationException(new string('y', 1_000))));
        Assert.True(TorchRuntime.Summarize(new InvalidOperationException(new string('y', 1_000))).Length < 300);
    }
}
