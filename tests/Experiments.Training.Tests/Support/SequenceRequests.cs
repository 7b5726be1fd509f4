using Experiments.Contracts.Parameters;

namespace Experiments.Training.Tests.Support;

/// <summary>
/// Small, fast CPU requests for the families that do not train on images (sequence models): the conformance tests
/// (exact resume, curricula) train every registered family, and a family of another kind of data adds its case here.
/// Null for the image families, which those tests build requests for themselves.
/// </summary>
internal static class SequenceRequests
{
    public static TrainingRequest? For(string model, int epochs) => model switch
    {
        "lstm-lm" => new TrainingRequest(
            model,
            "genesis",
            new Dictionary<string, ParameterValue>
            {
                ["embedding_dim"] = ParameterValue.Int(8),
                ["hidden_size"] = ParameterValue.Int(16),
                ["layers"] = ParameterValue.Int(2),
                ["sequence_length"] = ParameterValue.Int(16),
                ["batch_size"] = ParameterValue.Int(8),
                ["dropout"] = ParameterValue.Float(0.1),
                ["sample_length"] = ParameterValue.Int(40),
            },
            epochs,
            Seed: 5)
        {
            Device = "cpu",
            MaxTrainImages = 8 * ((13 * 16) + 16), // 13 steps an epoch, whatever the epoch's start offset
            LogEveryNSteps = 3,
        },
        "lstm-forecast" => new TrainingRequest(
            model,
            "sines",
            new Dictionary<string, ParameterValue>
            {
                ["lookback"] = ParameterValue.Int(8),
                ["horizon"] = ParameterValue.Int(4),
                ["hidden_size"] = ParameterValue.Int(8),
                ["layers"] = ParameterValue.Int(2),
                ["batch_size"] = ParameterValue.Int(8),
                ["dropout"] = ParameterValue.Float(0.1),
            },
            epochs,
            Seed: 5)
        {
            Device = "cpu",
            MaxTrainImages = (8 * 13) + 12 - 1, // 104 windows of 8 + 4 steps: 13 steps an epoch
            LogEveryNSteps = 3,
        },
        _ => null,
    };
}
