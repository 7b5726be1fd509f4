namespace Experiments.EndToEnd.Tests;

/// <summary>A fresh temporary working folder per test: the CLI writes ./mlruns and ./.experiments there.</summary>
public sealed class TestWorkspace : IDisposable
{
    public TestWorkspace()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("experiments-e2e-").FullName;
    }

    public string Directory { get; }

    public string MlrunsDirectory => Path.Combine(Directory, "mlruns");

    public string StateDirectory => Path.Combine(Directory, ".experiments");

    /// <summary>Writes spec.yaml (or <paramref name="fileName"/>) into the folder and returns its file name.</summary>
    public string WriteSpec(string yaml, string fileName = "spec.yaml")
    {
        File.WriteAllText(Path.Combine(Directory, fileName), yaml);
        return fileName;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never hide the test's own result.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
