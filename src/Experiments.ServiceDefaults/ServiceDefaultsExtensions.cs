using Experiments.ServiceDefaults.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Experiments.ServiceDefaults;

/// <summary>
/// Telemetry, health and console logging for every host (silo, worker, CLI), in one call. Traces follow a
/// trial across Orleans, MassTransit, the worker and MLflow's HTTP calls; export is OTLP when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set and nothing otherwise. The console gets short lines without
/// stack traces, each warning once, credentials removed (<see cref="ConciseConsoleFormatter"/>).
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string ActivitySourceName = "Experiments";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string serviceName)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Logging.AddConciseConsole();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(ActivitySourceName)
                .AddSource("MassTransit")
                .AddSource("Microsoft.Orleans.Runtime")
                .AddSource("Microsoft.Orleans.Application")
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(ActivitySourceName)
                .AddMeter("MassTransit")
                .AddMeter("Microsoft.Orleans")
                .AddRuntimeInstrumentation()
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }
}
