using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Experiments.Tracking.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Experiments.Tracking;

/// <summary>Registers experiment tracking.</summary>
public static class TrackingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TrackingOptions"/> from the configuration root (MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN,
    /// MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD, ...) and registers a singleton <see cref="IExperimentTracker"/>:
    /// <see cref="MlflowFileStore"/> when the URI is unset (<c>./mlruns</c> under the current directory), a path or
    /// <c>file://</c>; <see cref="MlflowRestClient"/> when it is <c>http(s)://</c>. Writers use the
    /// <see cref="ITrackingOutbox"/> registered over it (<see cref="AddTrackingOutbox"/>), never the backend directly.
    /// </summary>
    public static IServiceCollection AddExperimentTracking(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<TrackingOptions>().Bind(configuration);

        services.AddHttpClient<MlflowRestClient>(client => client.Timeout = Timeout.InfiniteTimeSpan) // per-attempt timeouts are the client's
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan); // the tracker is a singleton: connection recycling above keeps DNS fresh

        services.AddSingleton<IExperimentTracker>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TrackingOptions>>().Value;
            var target = TrackingTarget.Parse(options.TrackingUri);
            return target.Kind switch
            {
                TrackingBackendKind.Rest => provider.GetRequiredService<MlflowRestClient>(),
                _ => new MlflowFileStore(target.FileStoreRoot, provider.GetRequiredService<ILogger<MlflowFileStore>>()),
            };
        });

        return services.AddTrackingOutbox(configuration);
    }

    /// <summary>
    /// Registers the <see cref="ITrackingOutbox"/> every MLflow write goes through (options from the
    /// <c>Tracking:Outbox</c> section) over the registered <see cref="IExperimentTracker"/>, and the hosted service
    /// that opens it and delivers in the background. Register it before the services that write to it: hosted
    /// services stop in reverse order, so it stops last and takes their final items.
    /// </summary>
    public static IServiceCollection AddTrackingOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TrackingOptions>().Bind(configuration);
        services.AddOptions<TrackingOutboxOptions>().Bind(configuration.GetSection(TrackingOutboxOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new TrackingOutbox(
            provider.GetRequiredService<IExperimentTracker>(),
            provider.GetRequiredService<IOptions<TrackingOutboxOptions>>().Value,
            TrackingTarget.Parse(provider.GetRequiredService<IOptions<TrackingOptions>>().Value.TrackingUri).Describe(),
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ITrackingOutbox>(provider => provider.GetRequiredService<TrackingOutbox>());
        services.AddHostedService<TrackingOutboxService>();
        return services;
    }
}
