using Experiments.Contracts.Parameters;

namespace Experiments.Training.Models.LstmLm;

/// <summary>The character language model's hyperparameters, typed; built from a request already checked against the catalog.</summary>
internal sealed record LstmLmHyperparameters(
    double LearningRate,
    string Optimizer,
    int BatchSize,
    int EmbeddingDim,
    int HiddenSize,
    int Layers,
    double Dropout,
    int SequenceLength,
    bool TruncatedBptt,
    double GradientClip,
    double WeightDecay,
    double SampleTemperature,
    int SampleLength,
    string SamplePrompt)
{
    public static LstmLmHyperparameters From(IReadOnlyDictionary<string, ParameterValue> resolved) => new(
        LearningRate: resolved["learning_rate"].AsDouble(),
        Optimizer: resolved["optimizer"].Text!,
        BatchSize: checked((int)resolved["batch_size"].AsInt64()),
        EmbeddingDim: checked((int)resolved["embedding_dim"].AsInt64()),
        HiddenSize: checked((int)resolved["hidden_size"].AsInt64()),
        Layers: checked((int)resolved["layers"].AsInt64()),
        Dropout: resolved["dropout"].AsDouble(),
        SequenceLength: checked((int)resolved["sequence_length"].AsInt64()),
        TruncatedBptt: resolved["truncated_bptt"].AsBool(),
        GradientClip: resolved["gradient_clip"].AsDouble(),
        WeightDecay: resolved["weight_decay"].AsDouble(),
        SampleTemperature: resolved["sample_temperature"].AsDouble(),
        SampleLength: checked((int)resolved["sample_length"].AsInt64()),
        SamplePrompt: resolved["sample_prompt"].Text!);
}
