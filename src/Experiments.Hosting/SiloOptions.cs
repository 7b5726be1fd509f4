namespace Experiments.Hosting;

/// <summary>
/// Where a silo listens and which cluster it joins (section <c>Orleans</c>). Silos with the same
/// <see cref="ClusterId"/> and <see cref="ServiceId"/> on the same Redis form one cluster.
/// </summary>
public sealed class SiloOptions
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; set; } = "experiments";

    /// <summary>Stable across deployments: grain state and reminders are keyed by it.</summary>
    public string ServiceId { get; set; } = "experiments";

    /// <summary>Silo-to-silo port; each silo on one machine needs its own.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for Orleans clients (none of ours need it: the REST API runs in the silo).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos reach this one at (a pod's IP on Kubernetes). Default: loopback, which is right for
    /// several silos on one machine and wrong across machines.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Grain state in files here when no Redis is configured (section <c>Experiments:StateDirectory</c>).</summary>
    public string StateDirectory { get; set; } = Path.Combine(".experiments", "state");
}
