using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Experiments.Hosting.Tests;

/// <summary>
/// A node composed by <see cref="ExperimentsNode"/> as a cluster host is: on the test Redis with its own service id
/// (so tests never see each other's grains) or, without Redis, on state files under the test folder; free ports,
/// quick liveness and reminders, MLflow files under the test folder.
/// </summary>
public static class TestNode
{
    public static IHost Build(string? redis, string serviceId, string folder, NodeRoles roles, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis,
            ["Orleans:ServiceId"] = serviceId,
            ["Orleans:ClusterId"] = serviceId,
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Experiments:Reminders:MinimumReminderPeriod"] = "00:00:01",
            ["Experiments:Liveness:CheckInterval"] = "00:00:00.2",
            ["Experiments:Liveness:SilenceTimeout"] = "00:00:02",
            ["Experiments:Liveness:KeepAlivePeriod"] = "00:00:01",
            ["Worker:Slots"] = "2",
            ["Worker:Device"] = "cpu",
            ["Worker:HeartbeatInterval"] = "00:00:00.5",
            ["MLFLOW_TRACKING_URI"] = Path.Combine(folder, "mlruns"),
            ["Tracking:Outbox:Directory"] = Path.Combine(folder, "outbox"),
            ["Experiments:StateDirectory"] = Path.Combine(folder, "state"),
        });
        builder.Configuration.AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddExperimentsNode(roles);
        return builder.Build();
    }
}
