using Experiments.Training.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.LstmLm;

/// <summary>
/// A character-level LSTM language model: embedding, stacked single-layer LSTMs and a linear head to the next
/// character's logits. Dropout (on the embedding, between layers and before the head, never on the recurrent
/// connections, as Zaremba et al. 2014) draws from the run's own generator, not libtorch's global one, so a trial's
/// masks do not depend on other trials in the process and are restored exactly with its checkpoint.
/// </summary>
internal sealed class CharacterLstm : Module
{
    // Submodules are fields so RegisterComponents() finds them (TorchSharp convention).
    private readonly Embedding embedding;
    private readonly ModuleList<LSTM> layers;
    private readonly Linear head;

    public CharacterLstm(int characters, int embeddingDim, int hiddenSize, int layerCount)
        : base(nameof(CharacterLstm))
    {
        Characters = characters;
        HiddenSize = hiddenSize;
        embedding = Embedding(characters, embeddingDim);
        layers = new ModuleList<LSTM>();
        for (var layer = 0; layer < layerCount; layer++)
        {
            layers.Add(LSTM(layer == 0 ? embeddingDim : hiddenSize, hiddenSize, batchFirst: true));
        }

        head = Linear(hiddenSize, characters);
        RegisterComponents();
    }

    public int Characters { get; }

    public int HiddenSize { get; }

    /// <summary>
    /// Logits [batch, length, characters] for the next character after each of <paramref name="tokens"/> [batch, length],
    /// starting from <paramref name="state"/> (zeros when null), and the state after the last one. Dropout with
    /// probability <paramref name="dropout"/> when <paramref name="dropoutNoise"/> is given (training).
    /// </summary>
    public (Tensor Logits, LstmState State) Forward(Tensor tokens, LstmState? state, double dropout, Generator? dropoutNoise)
    {
        var x = SeededDropout.Apply(embedding.call(tokens), dropout, dropoutNoise);
        var hidden = new Tensor[layers.Count];
        var cell = new Tensor[layers.Count];
        for (var layer = 0; layer < layers.Count; layer++)
        {
            var (output, h, c) = layers[layer].call(x, state is null ? null : (state.Hidden[layer], state.Cell[layer]));
            (hidden[layer], cell[layer]) = (h, c);
            x = SeededDropout.Apply(output, dropout, dropoutNoise);
        }

        return (head.call(x), new LstmState(hidden, cell));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            embedding.Dispose();
            layers.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}
