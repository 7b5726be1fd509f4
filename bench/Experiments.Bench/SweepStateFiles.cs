using System.Globalization;
using System.IO.Enumeration;

namespace Experiments.Bench;

/// <summary>
/// The grain state files of one sweep in the embedded node's state folder (AtomicFileGrainStorage names them
/// <c>TYPE_KEY_STATENAME.HASH.state</c>): the sweep's own state, its pages of finished trials, and the trials' states.
/// </summary>
internal sealed record SweepStateFiles(
    long SweepBytes,
    int Pages,
    long PageBytes,
    int TrialFiles,
    long TrialBytes,
    int OtherFiles,
    long OtherBytes)
{
    /// <summary>The sweep's own state file (null until its first save): trials after the last full page, the definition, the counters.</summary>
    public static string? SweepFile(string stateRoot, Guid sweepId) =>
        Directory.Exists(stateRoot) ? Directory.EnumerateFiles(stateRoot, OwnPattern(sweepId)).FirstOrDefault() : null;

    public static SweepStateFiles Measure(string stateRoot, Guid sweepId)
    {
        var own = OwnPattern(sweepId);
        var page = string.Create(CultureInfo.InvariantCulture, $"sweep_{sweepId:N}_sweep-page-*.state");
        long sweepBytes = 0, pageBytes = 0, trialBytes = 0, otherBytes = 0;
        int pages = 0, trialFiles = 0, otherFiles = 0;
        foreach (var file in new DirectoryInfo(stateRoot).EnumerateFiles("*.state"))
        {
            if (FileSystemName.MatchesSimpleExpression(own, file.Name, ignoreCase: false))
            {
                sweepBytes += file.Length;
            }
            else if (FileSystemName.MatchesSimpleExpression(page, file.Name, ignoreCase: false))
            {
                pages++;
                pageBytes += file.Length;
            }
            else if (file.Name.StartsWith("trial_", StringComparison.Ordinal))
            {
                trialFiles++;
                trialBytes += file.Length;
            }
            else
            {
                otherFiles++;
                otherBytes += file.Length;
            }
        }

        return new SweepStateFiles(sweepBytes, pages, pageBytes, trialFiles, trialBytes, otherFiles, otherBytes);
    }

    private static string OwnPattern(Guid sweepId) => string.Create(CultureInfo.InvariantCulture, $"sweep_{sweepId:N}_sweep.*.state");
}
