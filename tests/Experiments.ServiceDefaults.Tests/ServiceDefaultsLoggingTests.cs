using Experiments.ServiceDefaults.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Experiments.ServiceDefaults.Tests;

/// <summary>Every host that calls AddServiceDefaults (silo, worker, CLI) gets the concise console format.</summary>
public sealed class ServiceDefaultsLoggingTests
{
    [Fact]
    public void AddServiceDefaults_selects_the_concise_console_format_and_binds_verbose_from_configuration()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Console:FormatterOptions:Verbose"] = "true" });

        builder.AddServiceDefaults("test-host");
        using var host = builder.Build();

        Assert.Equal(ConciseConsoleFormatter.FormatterName, host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        Assert.True(host.Services.GetRequiredService<IOptionsMonitor<ConciseConsoleFormatterOptions>>().CurrentValue.Verbose);
        Assert.Contains(host.Services.GetServices<ConsoleFormatter>(), formatter => formatter is ConciseConsoleFormatter);
    }
}
