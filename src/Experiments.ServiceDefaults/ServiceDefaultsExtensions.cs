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
/// trial across Orleans, MassTransit, the worker and MLflow's HTTP calls; they are collected and exported over OTLP
/// when OTEL_EXPORTER_OTLP_ENDPOINT is set, and not collected at all otherwise. The console gets short lines without
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
        // Only when traces and metrics go somewhere: a listening tracer records an activity for every message and
        // grain call, which without an exporter is work for nothing.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
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
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }
}
