using System.Reflection;

namespace Experiments.EndToEnd.Tests;

/// <summary>Finds the CLI's build output (experiments.dll) of the same configuration as this test build.</summary>
public static class CliLocator
{
    private static readonly Lazy<string> CliDll = new(Locate);

    public static string ExperimentsDll => CliDll.Value;

    private static string Locate()
    {
        var configuration = typeof(CliLocator).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BuildConfiguration").Value!;
        var repoRoot = FindRepoRoot();
        var dll = Path.Combine(repoRoot, "src", "Experiments.Cli", "bin", configuration, "net10.0", "experiments.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The CLI is not built for {configuration}: run dotnet build Experiments.sln -c {configuration}.", dll);
        }

        return dll;
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Experiments.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains Experiments.sln.");
    }
}
