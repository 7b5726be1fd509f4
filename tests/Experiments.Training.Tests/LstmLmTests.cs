using System.Text;
using Experiments.Contracts.Parameters;
using Experiments.Training.Models.LstmLm;
using Experiments.Training.Tests.Support;
using TorchSharp;

namespace Experiments.Training.Tests;

/// <summary>The character language model on CPU with fixed seeds: it learns, carries its state as promised, and samples text.</summary>
public sealed class LstmLmTests
{
    [Theory]
    [InlineData("adam")]
    [InlineData("rmsprop")]
    public async Task Held_out_loss_falls_well_below_a_uniform_guess(string optimizer)
    {
        var observer = new RecordingObserver();
        var request = Request(epochs: 3, ("optimizer", ParameterValue.Of(optimizer)), ("learning_rate", ParameterValue.Float(optimizer == "adam" ? 1e-2 : 3e-3)));

        await Train(request, observer);

        var nats = observer.Epochs.Select(e => e.Metrics["nats_per_char"]).ToList();
        Assert.True(nats[2] < nats[0], $"nats per character by epoch: {string.Join(", ", nats)}");
        Assert.True(nats[2] < Math.Log(70) - 1, $"after 3 epochs {nats[2]} nats per character; a uniform guess over genesis' 70 characters is {Math.Log(70):F2}");
        Assert.All(observer.Epochs, e => Assert.Equal(e.Metrics["nats_per_char"] / Math.Log(2), e.Metrics["bits_per_char"], 12));
    }

    [Fact]
    public void Each_row_of_a_stream_batch_continues_the_same_row_of_the_batch_before_and_the_epoch_offset_keeps_the_step_count()
    {
        using var tokens = torch.tensor(Enumerable.Range(0, 1000).Select(i => (long)i).ToArray());
        var resets = 0;
        using var batches = new StreamBatches(tokens, batchSize: 4, seed: 3, sequenceLength: () => 10, startEpoch: () => resets++);

        var steps = Enumerable.Range(1, 5).Select(batches.StartEpoch).Distinct().ToList();
        var first = batches.Batch(0).Examples.data<long>().ToArray();
        var second = batches.Batch(1).Examples.data<long>().ToArray();

        Assert.Equal([(250 - 10) / 10], steps); // 4 streams of 250 characters
        Assert.Equal(5, resets);
        for (var row = 0; row < 4; row++)
        {
            // 11 characters per row: the 10 inputs and the target after them; the next chunk starts at that target's input.
            Assert.Equal(first[(row * 11) + 10], second[row * 11]);
            Assert.Equal(first[row * 11] + 10, second[row * 11]);
            Assert.InRange(first[row * 11] - (row * 250), 0, 9); // the epoch's offset, below the sequence length
        }
    }

    [Fact]
    public async Task Carrying_the_state_across_batches_trains_differently_from_independent_windows()
    {
        var carried = new RecordingObserver();
        var independent = new RecordingObserver();

        await Train(Request(epochs: 1), carried);
        await Train(Request(epochs: 1, ("truncated_bptt", ParameterValue.Bool(false))), independent);

        Assert.NotEqual(carried.Epochs.Single().Metrics["nats_per_char"], independent.Epochs.Single().Metrics["nats_per_char"]);
    }

    [Fact]
    public async Task Each_epoch_writes_a_text_sample_that_starts_with_the_prompt_and_uses_only_the_texts_characters()
    {
        var observer = new RecordingObserver();

        await Train(Request(epochs: 2, ("sample_prompt", ParameterValue.Of("And God said")), ("sample_length", ParameterValue.Int(50))), observer);

        Assert.Equal(["samples/epoch-001.txt", "samples/epoch-002.txt"], observer.FamilyArtifactPaths);
        var sample = Encoding.UTF8.GetString(observer.Artifacts["samples/epoch-002.txt"]);
        Assert.StartsWith("And God said", sample, StringComparison.Ordinal);
        Assert.Equal("And God said".Length + 50, sample.EnumerateRunes().Count());
        var genesis = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "genesis", "genesis.txt"));
        Assert.All(sample, character => Assert.Contains(character, genesis));
    }

    [Fact]
    public async Task A_prompt_with_a_character_the_text_never_uses_is_refused_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<TrainingParameterException>(() => Train(Request(epochs: 1, ("sample_prompt", ParameterValue.Of("Hello, world \u20ac"))), new RecordingObserver()));

        Assert.Equal("sample_prompt", error.ParameterName);
        Assert.Contains("'\u20ac'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_too_short_for_one_batch_per_stream_is_refused_naming_the_numbers()
    {
        var request = Request(epochs: 1) with { MaxTrainImages = 100 };

        var error = await Assert.ThrowsAsync<TrainingParameterException>(() => Train(request, new RecordingObserver()));

        Assert.Equal("The training text holds 100 characters; batch_size 8 x sequence_length 16 needs at least 272 (two chunks per stream). Use a longer text or smaller values.", error.Message);
    }

    private static TrainingRequest Request(int epochs, params (string Name, ParameterValue Value)[] overrides)
    {
        var request = SequenceRequests.For("lstm-lm", epochs)!;
        var parameters = new Dictionary<string, ParameterValue>(request.Parameters);
        foreach (var (name, value) in overrides)
        {
            parameters[name] = value;
        }

        return request with { Parameters = parameters, MaxTrainImages = 20_000, LogEveryNSteps = 50 };
    }

    private static Task<TrainingResult> Train(TrainingRequest request, RecordingObserver observer) =>
        new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, observer, TestContext.Current.CancellationToken);
}
