using Experiments.Contracts.Workers;

namespace Experiments.Grains.Serialization;

/// <summary>Wire form of <see cref="WorkerAvailable"/>, so Contracts stays free of Orleans attributes.</summary>
[GenerateSerializer]
[Alias("experiments.worker-available")]
public struct WorkerAvailableSurrogate
{
    [Id(0)]
    public string WorkerHost;

    [Id(1)]
    public WorkerKind Kind;

    [Id(2)]
    public int Slots;

    [Id(3)]
    public int DeviceCount;

    [Id(4)]
    public string DeviceName;

    [Id(5)]
    public long MemoryBytes;

    [Id(6)]
    public DateTimeOffset At;
}

[RegisterConverter]
public sealed class WorkerAvailableSurrogateConverter : IConverter<WorkerAvailable, WorkerAvailableSurrogate>
{
    public WorkerAvailable ConvertFromSurrogate(in WorkerAvailableSurrogate surrogate) =>
        new(surrogate.WorkerHost, surrogate.Kind, surrogate.Slots, surrogate.DeviceCount, surrogate.DeviceName, surrogate.MemoryBytes, surrogate.At);

    public WorkerAvailableSurrogate ConvertToSurrogate(in WorkerAvailable value) => new()
    {
        WorkerHost = value.WorkerHost,
        Kind = value.Kind,
        Slots = value.Slots,
        DeviceCount = value.DeviceCount,
        DeviceName = value.DeviceName,
        MemoryBytes = value.MemoryBytes,
        At = value.At,
    };
}
