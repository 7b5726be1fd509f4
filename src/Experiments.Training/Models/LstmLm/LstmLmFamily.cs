using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;

namespace Experiments.Training.Models.LstmLm;

/// <summary>The character-level LSTM language model: its catalog entry and how a run of it is built.</summary>
internal sealed class LstmLmFamily : IModelFamily
{
    /// <summary>The curriculum setting of growing sequence length: the share of sequence_length a stage trains on.</summary>
    public const string SequenceScale = "sequence_scale";

    public const string Adam = "adam";
    public const string RmsProp = "rmsprop";

    public ModelDescriptor Descriptor { get; } = new(
        Name: "lstm-lm",
        Description: "Character-level LSTM language model for UTF-8 text (genesis, or a text file): predicts each next character.",
        Datasets: [DataSources.Genesis],
        Hyperparameters:
        [
            new("learning_rate", ParameterKind.Float, ParameterValue.Float(2e-3), "Learning rate of the optimiser.", Min: 1e-6, Max: 1),
            new("optimizer", ParameterKind.Text, ParameterValue.Of(Adam), "The optimiser: adam (Kingma and Ba) or rmsprop (Hinton's, smoothing 0.99).", Allowed: [Adam, RmsProp]),
            new("batch_size", ParameterKind.Int, ParameterValue.Int(32), "Streams (or windows) of text per optimiser step.", Min: 1, Max: 4096),
            new("embedding_dim", ParameterKind.Int, ParameterValue.Int(64), "Size of each character's learned embedding.", Min: 1, Max: 4096),
            new("hidden_size", ParameterKind.Int, ParameterValue.Int(256), "Units of each LSTM layer's hidden and cell state.", Min: 1, Max: 8192),
            new("layers", ParameterKind.Int, ParameterValue.Int(2), "Stacked LSTM layers.", Min: 1, Max: 16),
            new("dropout", ParameterKind.Float, ParameterValue.Float(0.2), "Dropout probability on the embedding, between layers and before the output layer (never on the recurrent connections).", Min: 0, Max: 0.95),
            new("sequence_length", ParameterKind.Int, ParameterValue.Int(64), "Characters per training chunk: how far back gradients flow (truncated back-propagation through time).", Min: 1, Max: 100_000),
            new("truncated_bptt", ParameterKind.Bool, ParameterValue.Bool(true), "true: the text is read as batch_size streams in order and the hidden state flows on from one chunk to the next (gradients stop at the chunk boundary); false: every window starts from a zero state and windows are shuffled."),
            new("gradient_clip", ParameterKind.Float, ParameterValue.Float(5), "Largest norm of all gradients together (clipped above it); 0 turns clipping off.", Min: 0, Max: 1e6),
            new("weight_decay", ParameterKind.Float, ParameterValue.Float(0), "L2 penalty added by the optimiser.", Min: 0, Max: 1),
            new("sample_temperature", ParameterKind.Float, ParameterValue.Float(0.8), "Softmax temperature of the text sampled each epoch (lower: safer, more repetitive).", Min: 0.01, Max: 10),
            new("sample_length", ParameterKind.Int, ParameterValue.Int(400), "Characters generated for the sample each epoch.", Min: 1, Max: 100_000),
            new("sample_prompt", ParameterKind.Text, ParameterValue.Of(string.Empty), "Text the sample starts from (only characters the text uses); empty: the first 32 characters of the held-out text."),
        ],
        Metrics:
        [
            new("nats_per_char", ObjectiveGoal.Minimize, "Cross-entropy of each held-out character given the ones before it, in nats per character (the validation loss)."),
            new("bits_per_char", ObjectiveGoal.Minimize, "The same in bits per character (nats / ln 2)."),
            new("train_loss", ObjectiveGoal.Minimize, "Mean training cross-entropy over the epoch, nats per character (with dropout)."),
        ])
    {
        // Shorter chunks first, as a sequence-length warm-up (Li et al. 2022 report it stabilises early training of
        // language models): a quarter, then half of sequence_length, then all of it (32 -> 64 -> 128 at 128).
        Curriculum = new CurriculumDescriptor(
            "Growing sequence length: chunks of a quarter of sequence_length for the first fifth of the epochs, half for the second fifth, then all of it.",
            [
                new(SequenceScale, ParameterKind.Float, ParameterValue.Float(1), "Multiplies sequence_length while training (below 1: shorter chunks); held-out metrics do not depend on it.", Min: 0.01, Max: 1),
            ],
            [
                new("short", 0.2, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [SequenceScale] = ParameterValue.Float(0.25) }),
                new("medium", 0.2, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [SequenceScale] = ParameterValue.Float(0.5) }),
                new("full", 0.6, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [SequenceScale] = ParameterValue.Float(1) }),
            ]),
    };

    public string? CheckData(TrainingData data) =>
        DataRequirement.Unless(data.Shape is TextShape && data.Vocabulary is not null, data, Descriptor.Name, $"text ({DataSources.Genesis}, or {DataSources.TextFileKind})");

    public IModelRun CreateRun(ModelRunSettings settings) =>
        new LstmLmRun(LstmLmHyperparameters.From(settings.Hyperparameters), settings.Seed, settings.Device, settings.Vocabulary!);
}
