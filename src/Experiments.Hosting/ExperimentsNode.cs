using System.Net;
using Experiments.Grains.Hosting;
using Experiments.Grains.Storage;
using Experiments.Messaging;
using Experiments.Tracking;
using Experiments.WorkerRuntime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Persistence;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using StackExchange.Redis;

namespace Experiments.Hosting;

/// <summary>
/// The one composition of a node from configuration, used by the Silo host, the embedded <c>experiments run</c>
/// and the benchmarks: tracking (MLFLOW_TRACKING_URI), the message bus (in memory, or RabbitMQ with
/// ConnectionStrings__rabbitmq), and per role the silo (Redis with ConnectionStrings__redis, else localhost and
/// files) and the worker slots. The Worker host composes through <see cref="TrialWorkerNode"/> alone, so it never
/// loads Orleans.
/// </summary>
public static class ExperimentsNode
{
    /// <param name="fileStorage">Grain state files of the embedded mode (its folder and damaged-file handling); ignored on Redis.</param>
    public static IHostApplicationBuilder AddExperimentsNode(this IHostApplicationBuilder builder, NodeRoles roles, AtomicFileGrainStorageOptions? fileStorage = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (roles == NodeRoles.Worker)
        {
            return builder.AddTrialWorkerNode();
        }

        var configuration = builder.Configuration;
        builder.Services.AddExperimentTracking(configuration);
        builder.Services.AddExperimentsGrainServices();
        var runsWorker = roles.HasFlag(NodeRoles.Worker);
        if (runsWorker)
        {
            builder.Services.AddTrialWorker(configuration);
        }

        // Orleans before the bus: hosted services stop in reverse order, so the bus (and any training consumers)
        // stop first and their last reports still reach the grains.
        builder.UseOrleans(silo => ConfigureSilo(silo, configuration, fileStorage));
        builder.Services.AddExperimentsMessageBus(configuration, bus =>
        {
            bus.AddTrialEventConsumers();
            if (runsWorker)
            {
                bus.AddTrialWorkerConsumers();
            }
        },
        runsWorker ? TrialWorkerRegistration.ConfigureResourceQueues : null);
        return builder;
    }

    private static void ConfigureSilo(ISiloBuilder silo, IConfiguration configuration, AtomicFileGrainStorageOptions? fileStorage)
    {
        var options = configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        options.StateDirectory = configuration["Experiments:StateDirectory"] ?? options.StateDirectory;
        // Not under "Orleans": Orleans reads Orleans:Reminders as a provider name.
        silo.Services.Configure<ReminderOptions>(configuration.GetSection("Experiments:Reminders"));
        if (ClusterStorage.RedisConnectionString(configuration) is { } connectionString)
        {
            UseRedis(silo, options, connectionString);
            return;
        }

        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        silo.AddExperimentsFileStorage(fileStorage ?? new AtomicFileGrainStorageOptions { RootDirectory = options.StateDirectory });
        // Reminders keep sweeps going after a restart of a cluster; one process that stopped has nothing left to remind.
        silo.UseInMemoryReminderService();
    }

    private static void UseRedis(ISiloBuilder silo, SiloOptions options, string connectionString)
    {
        var redis = ConfigurationOptions.Parse(connectionString);
        // A silo that starts before Redis is up keeps trying instead of failing its first connection for good.
        redis.AbortOnConnectFail = false;
        var location = $"Redis {string.Join(",", redis.EndPoints.Select(endpoint => endpoint.ToString()))}";

        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        var advertised = options.AdvertisedAddress is { Length: > 0 } address ? IPAddress.Parse(address) : IPAddress.Loopback;
        silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
        silo.UseRedisClustering(clustering => clustering.ConfigurationOptions = redis.Clone());
        silo.UseRedisReminderService(reminders => reminders.ConfigurationOptions = redis.Clone());

        // The same serializer as the file storage: the state records are [GenerateSerializer] types with surrogates.
        silo.Services.AddOptions<RedisStorageOptions>(GrainStorageNames.Experiments)
            .Configure<Orleans.Serialization.Serializer>((storage, serializer) =>
            {
                storage.ConfigurationOptions = redis.Clone();
                storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            });
        silo.Services.AddGrainStorage(GrainStorageNames.Experiments, (services, name) =>
            new RedisFailureTranslation(RedisGrainStorageFactory.Create(services, name), location));
    }
}
