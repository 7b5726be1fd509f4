namespace Experiments.Contracts.Workers;

/// <summary>
/// A worker says what it has, when it starts and then every few seconds while it runs, so that the control plane
/// knows which resource requirements some worker can meet. A worker not heard from for a while is taken as gone.
/// </summary>
/// <param name="DeviceName">The CUDA device's name (e.g. "NVIDIA H100 80GB HBM3"), or the CPU's.</param>
/// <param name="MemoryBytes">The machine's memory (or its container limit) as the runtime sees it.</param>
public sealed record WorkerAvailable(
    string WorkerHost,
    WorkerKind Kind,
    int Slots,
    int DeviceCount,
    string DeviceName,
    long MemoryBytes,
    DateTimeOffset At);
