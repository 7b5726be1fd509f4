using Microsoft.Extensions.Configuration;

namespace Experiments.Hosting;

/// <summary>
/// Which backend holds the cluster's membership, grain state and reminders: Redis when
/// <c>ConnectionStrings__redis</c> is set (several silos form one cluster), otherwise one localhost silo with
/// grain state in files and reminders in memory (the embedded mode: no servers to install).
/// </summary>
public static class ClusterStorage
{
    public const string RedisConnectionStringName = "redis";

    public static string? RedisConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration.GetConnectionString(RedisConnectionStringName);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public static bool UsesRedis(IConfiguration configuration) => RedisConnectionString(configuration) is not null;
}
