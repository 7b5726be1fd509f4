using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using Experiments.Tracking;

namespace Experiments.WorkerRuntime.Tests;

public static class Trials
{
    public static async Task<StartTrial> NewAsync(IExperimentTracker tracker, int epochs, Dictionary<string, ParameterValue>? parameters = null)
    {
        var experimentId = await tracker.GetOrCreateExperimentAsync("worker-tests");
        var parentRunId = await tracker.CreateRunAsync(experimentId, "sweep", new Dictionary<string, string>());
        var sweepId = Guid.NewGuid();
        return new StartTrial
        {
            SweepId = sweepId,
            TrialId = $"{sweepId:N}-0000",
            Attempt = 1,
            TrialNumber = 0,
            Model = "vae",
            Dataset = "mnist",
            Parameters = parameters ?? new Dictionary<string, ParameterValue>
            {
                ["batch_size"] = ParameterValue.Int(128),
                ["latent_dim"] = ParameterValue.Int(8),
                ["base_channels"] = ParameterValue.Int(8),
                ["learning_rate"] = ParameterValue.Float(2e-3),
            },
            Epochs = epochs,
            Seed = 5,
            ObjectiveMetric = "elbo",
            Tracking = new TrackingTarget("worker-tests", parentRunId),
        };
    }
}
