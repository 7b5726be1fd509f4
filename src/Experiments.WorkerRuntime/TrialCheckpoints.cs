using Experiments.Contracts.Trials;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Experiments.Training.Engine.Checkpoints;
using Microsoft.Extensions.Logging;

namespace Experiments.WorkerRuntime;

/// <summary>
/// Finds what a trial that runs again continues from: the checkpoints of its earlier runs in MLflow (earlier attempts,
/// or an earlier delivery of this attempt to a worker that died), newest run first and newest checkpoint first.
/// Found by the trial's tag rather than from the message, because a redelivered message cannot know of the run its
/// first delivery started.
/// </summary>
public sealed class TrialCheckpoints(IExperimentTracker tracker, ITrackingOutbox outbox, ILogger<TrialCheckpoints> logger)
{
    /// <summary>How long a lookup waits for what earlier runs queued on this disk to reach MLflow.</summary>
    public static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(30);

    public const string TrialIdTag = "experiments.trial_id";

    public const string AttemptTag = "experiments.attempt";

    /// <summary>Checkpoints to try, newest first; empty when there are none or MLflow cannot be asked (the trial then starts at epoch 1).</summary>
    public Task<IReadOnlyList<CheckpointCandidate>> FindAsync(StartTrial message, RunReference ownRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return FindAsync(message, message.TrialId, ownRun, sinceAttempt: message.Inherit?.SinceAttempt ?? 1, cancellationToken);
    }

    /// <summary>
    /// Population-based training: the checkpoints of the trial this one inherits from, newest first (its latest
    /// state); empty when there are none or MLflow cannot be asked.
    /// </summary>
    public Task<IReadOnlyList<CheckpointCandidate>> FindInheritedAsync(StartTrial message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Inherit is { } inherit
            ? FindAsync(message, inherit.DonorTrialId, ownRun: null, sinceAttempt: 1, cancellationToken)
            : Task.FromResult<IReadOnlyList<CheckpointCandidate>>([]);
    }

    /// <param name="sinceAttempt">Runs of earlier attempts are left out (after PBT replaced a trial's state, its older runs no longer fit).</param>
    private async Task<IReadOnlyList<CheckpointCandidate>> FindAsync(StartTrial message, string trialId, RunReference? ownRun, int sinceAttempt, CancellationToken cancellationToken)
    {
        if (!await outbox.WaitForDeliveryAsync(DeliveryWait, cancellationToken))
        {
            logger.LogWarning(
                "Trial {TrialId}: tracking items are still waiting for MLflow after {Seconds} s; checkpoints among them cannot be resumed from",
                message.TrialId, DeliveryWait.TotalSeconds);
        }

        try
        {
            var experimentId = await tracker.GetOrCreateExperimentAsync(message.Tracking.ExperimentName, cancellationToken);
            var runs = await tracker.FindRunsByTagAsync(experimentId, TrialIdTag, trialId, cancellationToken);
            var candidates = new List<CheckpointCandidate>();
            foreach (var run in runs.Where(run => run.Tags.GetValueOrDefault(MlflowTags.RunKey) != ownRun?.Key && AttemptOf(run) >= sinceAttempt))
            {
                var files = await tracker.ListArtifactsAsync(run.RunId, CheckpointPaths.Folder, cancellationToken);
                foreach (var path in files
                    .Where(file => !file.IsDirectory && CheckpointPaths.EpochOf(file.Path) is not null)
                    .OrderByDescending(file => CheckpointPaths.EpochOf(file.Path))
                    .Select(file => file.Path))
                {
                    var runId = run.RunId;
                    candidates.Add(new CheckpointCandidate($"run {runId} {path}", ct => tracker.DownloadArtifactAsync(runId, path, ct)));
                }
            }

            return candidates;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(
                "Trial {TrialId}: could not look for checkpoints of trial {Source}'s runs ({Reason})",
                message.TrialId, trialId, exception.Message);
            return [];
        }
    }

    /// <summary>The attempt a run was started for (its tag); runs from before the tag existed count as the first.</summary>
    private static int AttemptOf(TrackedRun run) =>
        int.TryParse(run.Tags.GetValueOrDefault(AttemptTag), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attempt) ? attempt : 1;
}
