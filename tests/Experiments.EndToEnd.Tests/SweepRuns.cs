namespace Experiments.EndToEnd.Tests;

/// <summary>The MLflow runs of one sweep: the parent run and its trial (child) runs.</summary>
public sealed record SweepRuns(MlflowRun Parent, IReadOnlyList<MlflowRun> Trials, IReadOnlyList<MlflowRun> All)
{
    /// <summary>Reads the experiment named <paramref name="experimentName"/>; fails with the CLI transcript if the layout is not one sweep.</summary>
    public static SweepRuns Read(string mlrunsDirectory, string experimentName, CliResult context)
    {
        var experimentDirectory = MlflowFileStoreReader.FindExperimentDirectory(mlrunsDirectory, experimentName);
        Assert.True(experimentDirectory is not null, $"No MLflow experiment '{experimentName}' under {mlrunsDirectory}.{Environment.NewLine}{context.Transcript}");
        var runs = MlflowFileStoreReader.ReadRuns(experimentDirectory!);
        var parents = runs.Where(run => run.ParentRunId is null).ToList();
        Assert.True(parents.Count == 1, $"Expected exactly one parent run, found {parents.Count}: {Describe(runs)}{Environment.NewLine}{context.Transcript}");
        var trials = runs.Where(run => run.ParentRunId is not null).ToList();
        Assert.All(trials, trial => Assert.Equal(parents[0].RunId, trial.ParentRunId));
        return new SweepRuns(parents[0], trials, runs);
    }

    public IReadOnlyList<MlflowRun> TrialRunsNamed(string runName) =>
        Trials.Where(run => run.RunName == runName).ToList();

    public string Describe() => Describe(All);

    private static string Describe(IEnumerable<MlflowRun> runs) =>
        string.Join("; ", runs.Select(run => $"{run.RunName ?? run.RunId} status={run.Status} parent={run.ParentRunId ?? "-"}"));
}
