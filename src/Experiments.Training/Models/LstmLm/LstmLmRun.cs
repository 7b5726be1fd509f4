using System.Text;
using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Engine.Scalars;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.LstmLm;

/// <summary>
/// The character language model's part of a training run: cross-entropy of the next character (nats per character),
/// Adam or RMSprop, gradient clipping, the hidden state carried across batches (truncated back-propagation through
/// time) or not, held-out nats and bits per character, and a sample of generated text each epoch. A curriculum
/// (setting <c>sequence_scale</c>) trains on shorter chunks first; held-out metrics never depend on it.
/// </summary>
internal sealed class LstmLmRun : IModelRun
{
    /// <summary>Streams the held-out text is read in, side by side (a wide batch: evaluation is a fraction of an epoch), each with its own carried state.</summary>
    private const int EvaluationStreams = 64;

    /// <summary>Characters before each held-out stream (the end of the one before it) read unscored, so it starts with context.</summary>
    private const int BurnInCharacters = 128;

    /// <summary>Characters per forward pass in evaluation and sampling (the state carries across them).</summary>
    private const int EvaluationChunk = 256;

    /// <summary>Characters of the held-out text that prompt the sample when no sample_prompt is set.</summary>
    private const int DefaultPromptLength = 32;

    private readonly LstmLmHyperparameters hyperparameters;
    private readonly long seed;
    private readonly Device device;
    private readonly IReadOnlyList<string> vocabulary;
    private readonly long[]? prompt;
    private readonly CharacterLstm model;
    private readonly optim.Optimizer optimizer;
    private readonly Generator dropoutNoise;
    private LstmState? carried;
    private double sequenceScale = 1;

    public LstmLmRun(LstmLmHyperparameters hyperparameters, long seed, Device device, IReadOnlyList<string> vocabulary)
    {
        this.hyperparameters = hyperparameters;
        this.seed = seed;
        this.device = device;
        this.vocabulary = vocabulary;
        prompt = hyperparameters.SamplePrompt.Length == 0 ? null : Encode(hyperparameters.SamplePrompt, vocabulary);
        model = new CharacterLstm(vocabulary.Count, hyperparameters.EmbeddingDim, hyperparameters.HiddenSize, hyperparameters.Layers);
        model.to(device);
        optimizer = hyperparameters.Optimizer == LstmLmFamily.RmsProp
            ? new ScalarSafeRmsProp(model.parameters(), hyperparameters.LearningRate, weightDecay: hyperparameters.WeightDecay)
            : new ScalarSafeAdam(model.parameters(), hyperparameters.LearningRate, weightDecay: hyperparameters.WeightDecay);
        dropoutNoise = new Generator(unchecked((ulong)seed), device);
        State = new ModelState().Network("lstm", model).Optimizer("lstm", optimizer).RandomGenerator("dropout", dropoutNoise);
    }

    public ModelState State { get; }

    public int BatchSize => hyperparameters.BatchSize;

    /// <summary>Characters per training chunk in the current curriculum stage (the trial's sequence_length outside one).</summary>
    public int SequenceLength => Math.Max(1, (int)Math.Round(hyperparameters.SequenceLength * sequenceScale));

    public IEpochBatches CreateBatches(TrainingBatch train, long seed)
    {
        var needed = (long)BatchSize * (hyperparameters.SequenceLength + 1) * 2;
        if (train.Count < needed)
        {
            throw new TrainingParameterException(
                $"The training text holds {train.Count} characters; batch_size {BatchSize} x sequence_length {hyperparameters.SequenceLength} needs at least {needed} (two chunks per stream). Use a longer text or smaller values.")
            {
                ParameterName = "sequence_length",
            };
        }

        return hyperparameters.TruncatedBptt
            ? new StreamBatches(train.Examples, BatchSize, seed, () => SequenceLength, ResetState)
            : new WindowBatches(train.Examples, BatchSize, seed, () => SequenceLength);
    }

    public void SetTraining(bool training) => TrainingMode.Set(training, model);

    public void EnterStage(CurriculumStageSettings stage) => sequenceScale = stage.Number(LstmLmFamily.SequenceScale);

    public IReadOnlyDictionary<string, double>? TrainStep(TrainingBatch batch, Tensor lossTotal, bool readMetrics)
    {
        var chunk = batch.Examples;
        var length = chunk.shape[1] - 1;
        var inputs = chunk.narrow(1, 0, length);
        var targets = chunk.narrow(1, 1, length);
        optimizer.zero_grad();
        var (logits, state) = model.Forward(inputs, hyperparameters.TruncatedBptt ? carried : null, hyperparameters.Dropout, dropoutNoise);
        var loss = cross_entropy(logits.reshape(-1, model.Characters), targets.reshape(-1));
        loss.backward();
        if (hyperparameters.GradientClip > 0)
        {
            torch.nn.utils.clip_grad_norm_(model.parameters(), hyperparameters.GradientClip);
        }

        optimizer.step();
        if (hyperparameters.TruncatedBptt)
        {
            // The next chunk of each stream starts from this state; gradients stop at the chunk boundary.
            var previous = carried;
            carried = state.Detached();
            previous?.Dispose();
        }

        lossTotal.AddScaled_(loss.detach().to(ScalarType.Float64), chunk.shape[0]);
        return readMetrics ? new Dictionary<string, double>(StringComparer.Ordinal) { ["train_loss"] = loss.item<float>() } : null;
    }

    /// <summary>Held-out nats and bits per character, and a sample of generated text.</summary>
    public EpochEvaluation Evaluate(int epoch, TrainingBatch heldOut, CancellationToken cancellationToken)
    {
        var nats = HeldOutNatsPerCharacter(heldOut.Examples, cancellationToken);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["nats_per_char"] = nats,
            ["bits_per_char"] = nats / Math.Log(2),
        };
        var sample = Sample(prompt ?? HeldOutPrompt(heldOut.Examples));
        return new EpochEvaluation(metrics, [new TrainingArtifact($"samples/epoch-{epoch:D3}.txt", Encoding.UTF8.GetBytes(sample))]);
    }

    /// <summary>Starts every stream of an epoch from a zero state.</summary>
    private void ResetState()
    {
        carried?.Dispose();
        carried = null;
    }

    /// <summary>
    /// The mean cross-entropy of every held-out character after the first of its stream, reading the text as
    /// <see cref="EvaluationStreams"/> streams with the state carried through each (as training reads it), each stream
    /// but the first starting from the state after the <see cref="BurnInCharacters"/> before it, so the figure hardly
    /// depends on the number of streams, and not on the training chunk length.
    /// </summary>
    private double HeldOutNatsPerCharacter(Tensor tokens, CancellationToken cancellationToken)
    {
        var streams = (int)Math.Max(1, Math.Min(EvaluationStreams, tokens.shape[0] / (EvaluationChunk + 1)));
        var streamLength = tokens.shape[0] / streams;
        using var scope = torch.NewDisposeScope();
        var text = tokens.narrow(0, 0, streams * streamLength).view(streams, streamLength);
        var state = BurnIn(text);
        double total = 0;
        long count = 0;
        for (long start = 0; start < streamLength - 1; start += EvaluationChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(EvaluationChunk, streamLength - 1 - start);
            var (logits, next) = model.Forward(text.narrow(1, start, length), state, 0, null);
            var targets = text.narrow(1, start + 1, length);
            total += cross_entropy(logits.reshape(-1, model.Characters), targets.reshape(-1), reduction: nn.Reduction.Sum).item<float>();
            count += streams * length;
            state = next;
        }

        return total / Math.Max(1, count);
    }

    /// <summary>
    /// The state each stream of <paramref name="text"/> [streams, length] starts from: zeros for the first, for each
    /// other the state after reading the last characters of the stream before it (the text just before its start).
    /// </summary>
    private LstmState? BurnIn(Tensor text)
    {
        var streams = text.shape[0];
        if (streams == 1)
        {
            return null;
        }

        var length = Math.Min(BurnInCharacters, text.shape[1]);
        var (_, after) = model.Forward(text.narrow(0, 0, streams - 1).narrow(1, text.shape[1] - length, length), null, 0, null);
        Tensor[] WithFirstAtZero(Tensor[] states) =>
            [.. states.Select(state => torch.cat([torch.zeros_like(state.narrow(1, 0, 1)), state], 1))];
        return new LstmState(WithFirstAtZero(after.Hidden), WithFirstAtZero(after.Cell));
    }

    private long[] HeldOutPrompt(Tensor tokens)
    {
        var length = (int)Math.Min(DefaultPromptLength, tokens.shape[0]);
        return tokens.narrow(0, 0, length).to(CPU).data<long>().ToArray();
    }

    /// <summary>
    /// The prompt followed by sample_length characters drawn one at a time at sample_temperature, from a generator
    /// seeded the same way every epoch, so epochs differ only by what the model learned.
    /// </summary>
    private string Sample(long[] promptTokens)
    {
        using var scope = torch.NewDisposeScope();
        using var noise = new Generator(unchecked((ulong)seed) ^ 0x5DEECE66DUL, device);
        var text = new StringBuilder();
        foreach (var token in promptTokens)
        {
            text.Append(vocabulary[(int)token]);
        }

        var (logits, state) = model.Forward(torch.tensor(promptTokens, device: device).unsqueeze(0), null, 0, null);
        var last = logits.select(1, -1);
        for (var i = 0; i < hyperparameters.SampleLength; i++)
        {
            var probabilities = softmax(last.DividedBy(hyperparameters.SampleTemperature), -1);
            var next = torch.multinomial(probabilities, 1, generator: noise);
            text.Append(vocabulary[(int)next.item<long>()]);
            (logits, state) = model.Forward(next, state, 0, null);
            last = logits.select(1, -1);
        }

        return text.ToString();
    }

    private static long[] Encode(string text, IReadOnlyList<string> vocabulary)
    {
        var index = vocabulary.Select((character, i) => (character, i)).ToDictionary(pair => pair.character, pair => (long)pair.i, StringComparer.Ordinal);
        return [.. text.EnumerateRunes().Select(rune => index.TryGetValue(rune.ToString(), out var token) ? token
            : throw new TrainingParameterException($"'sample_prompt' holds '{rune}', which the text never uses; the prompt may only use the text's characters.") { ParameterName = "sample_prompt" })];
    }

    public void Dispose()
    {
        carried?.Dispose();
        dropoutNoise.Dispose();
        optimizer.Dispose();
        model.Dispose();
    }
}
