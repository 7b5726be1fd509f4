using Experiments.Grains.Storage;
using Experiments.Hosting;
using Experiments.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Experiments.Cli.Embedded;

/// <summary>
/// The embedded node of <see cref="EmbeddedNode"/> with the run command's console: short lines, the silo's and
/// bus's chatter only with --verbose, and a lifetime the command ends itself.
/// </summary>
public static class EmbeddedCluster
{
    public static IHost Build(EmbeddedNodeOptions options, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = EmbeddedNode.CreateBuilder(options);
        builder.AddServiceDefaults("experiments");
        CliLogging.Configure(builder, verbose);
        builder.Logging.AddFilter("Orleans", verbose ? LogLevel.Warning : LogLevel.Error);
        builder.Logging.AddFilter("MassTransit", verbose ? LogLevel.Warning : LogLevel.Error);
        // Orleans logs every failed state read or write as an error with its stack trace, under the
        // storage's name; the run command says it in one sentence instead. The storage's own warnings stay.
        builder.Logging.AddFilter(typeof(AtomicFileGrainStorage).FullName, level => verbose ? level >= LogLevel.Information : level == LogLevel.Warning);
        // The same for a grain that cannot activate (e.g. its state file is damaged): the caller gets the exception and reports it.
        builder.Logging.AddFilter("Orleans.Grain", verbose ? LogLevel.Warning : LogLevel.None);

        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(90));
        return builder.Build();
    }
}
