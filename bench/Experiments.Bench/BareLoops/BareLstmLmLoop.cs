using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Models.LstmLm;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Bench.BareLoops;

/// <summary>
/// The character language model as a plain TorchSharp loop: the text as batch_size streams read in chunks of
/// sequence_length with the hidden state carried (detached) from chunk to chunk, the product's network and dropout,
/// Adam, gradient clipping, the loss read back every step.
/// </summary>
internal sealed class BareLstmLmLoop : IBareLoop
{
    private readonly LstmLmHyperparameters hyperparameters;
    private readonly CharacterLstm model;
    private readonly optim.Optimizer optimizer;
    private readonly Generator dropoutNoise = new(1);

    public BareLstmLmLoop(IReadOnlyDictionary<string, ParameterValue> defaults)
    {
        hyperparameters = LstmLmHyperparameters.From(defaults);
        var characters = ((TextShape)DataSources.Open(Dataset, Path.Combine(AppContext.BaseDirectory, "data")).Check()).Characters;
        model = new CharacterLstm(characters, hyperparameters.EmbeddingDim, hyperparameters.HiddenSize, hyperparameters.Layers);
        optimizer = optim.Adam(model.parameters(), lr: hyperparameters.LearningRate, weight_decay: hyperparameters.WeightDecay);
    }

    public int BatchSize => hyperparameters.BatchSize;

    /// <summary>
    /// Tiny Shakespeare when the machine has it (the benchmark corpus, never shipped: 1.0 M training characters, so an
    /// epoch's evaluation, sample and checkpoint weigh as they do on real corpora), else the shipped genesis.
    /// </summary>
    public string Dataset => File.Exists(TinyShakespeare) ? TinyShakespeare : DataSources.Genesis;

    public static string TinyShakespeare => Path.GetFullPath(Path.Combine("..", "shared", "data", "tinyshakespeare.txt"));

    public int StepsPerEpoch(long trainCount) => (int)(((trainCount / BatchSize) - hyperparameters.SequenceLength) / hyperparameters.SequenceLength);

    public float Step(Tensor images, Tensor labels) => throw new NotSupportedException("The language model trains on text: RunEpoch reads it.");

    public void RunEpoch(Tensor train, Tensor? labels, Random shuffle, Action afterStep)
    {
        var length = hyperparameters.SequenceLength;
        var streamLength = train.shape[0] / BatchSize;
        using var streams = train.narrow(0, 0, BatchSize * streamLength).view(BatchSize, streamLength);
        LstmState? carried = null;
        for (var step = 0; step < StepsPerEpoch(train.shape[0]); step++)
        {
            using (torch.NewDisposeScope())
            {
                var chunk = streams.narrow(1, (long)step * length, length + 1);
                optimizer.zero_grad();
                var (logits, state) = model.Forward(chunk.narrow(1, 0, length), carried, hyperparameters.Dropout, dropoutNoise);
                var loss = cross_entropy(logits.reshape(-1, model.Characters), chunk.narrow(1, 1, length).reshape(-1));
                loss.backward();
                torch.nn.utils.clip_grad_norm_(model.parameters(), hyperparameters.GradientClip);
                optimizer.step();
                carried?.Dispose();
                carried = state.Detached();
                _ = loss.item<float>();
            }

            afterStep();
        }

        carried?.Dispose();
    }

    public void Dispose()
    {
        dropoutNoise.Dispose();
        optimizer.Dispose();
        model.Dispose();
    }
}
