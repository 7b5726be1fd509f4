namespace Experiments.Training;

/// <summary>What <see cref="TorchRuntime.Probe"/> found: whether libtorch loaded, and on which device.</summary>
/// <param name="IsAvailable">True when the native libtorch and LibTorchSharp loaded.</param>
/// <param name="Device">"cuda" when a CUDA device is usable, else "cpu"; null when nothing loaded.</param>
/// <param name="CudaDeviceCount">Number of CUDA devices libtorch sees (0 on CPU builds).</param>
/// <param name="Reason">Why loading failed, in one sentence; null when it loaded.</param>
public sealed record TorchAvailability(bool IsAvailable, string? Device, int CudaDeviceCount, string? Reason);
