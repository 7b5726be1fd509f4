using System.Reflection;

namespace Experiments.EndToEnd.Tests;

/// <summary>
/// Finds the build output of the CLI (experiments.dll) and of the worker and silo hosts, in the same
/// configuration as this test build.
/// </summary>
public static class CliLocator
{
    private static readonly Lazy<string> CliDll = new(() => Locate("Experiments.Cli", "experiments.dll"));
    private static readonly Lazy<string> WorkerHostDll = new(() => Locate("Experiments.Worker", "Experiments.Worker.dll"));
    private static readonly Lazy<string> SiloHostDll = new(() => Locate("Experiments.Silo", "Experiments.Silo.dll"));

    public static string ExperimentsDll => CliDll.Value;

    public static string WorkerDll => WorkerHostDll.Value;

    public static string SiloDll => SiloHostDll.Value;

    private static string Locate(string project, string fileName)
    {
        var configuration = typeof(CliLocator).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BuildConfiguration").Value!;
        var repoRoot = FindRepoRoot();
        var dll = Path.Combine(repoRoot, "src", project, "bin", configuration, "net10.0", fileName);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{project} is not built for {configuration}: run dotnet build Experiments.sln -c {configuration}.", dll);
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
