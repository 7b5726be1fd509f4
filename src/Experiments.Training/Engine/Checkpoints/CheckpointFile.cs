using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Experiments.Training.Imaging;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Experiments.Training.Engine.Checkpoints;

/// <summary>
/// The checkpoint file: "EXPCKPT1", the header's length and JSON, then the networks (TorchSharp's state format), the
/// optimiser states, the random generators' states and libtorch's global generator state, and a CRC-32 of all of
/// it. Everything is checked (CRC, model, shapes, data) before a single tensor of the run is replaced.
/// </summary>
internal static class CheckpointFile
{
    private static readonly byte[] Magic = "EXPCKPT1"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static byte[] Write(ModelState state, CheckpointHeader header)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            var headerJson = JsonSerializer.SerializeToUtf8Bytes(header, Json);
            writer.Write(headerJson.Length);
            writer.Write(headerJson);
            foreach (var (_, network) in state.Networks)
            {
                network.save(writer);
            }

            foreach (var (name, optimizer) in state.Optimizers)
            {
                Saveable(optimizer, name).save_state_dict(writer);
            }

            foreach (var (_, generator) in state.Generators)
            {
                WriteBytes(writer, generator.get_state());
            }

            WriteBytes(writer, torch.get_rng_state());
        }

        var content = stream.ToArray();
        var crc = Crc32.Compute(content, []);
        var withCrc = new byte[content.Length + sizeof(uint)];
        content.CopyTo(withCrc, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(withCrc.AsSpan(content.Length), crc);
        return withCrc;
    }

    /// <summary>Checks <paramref name="content"/> against this run without changing anything; throws <see cref="CheckpointException"/> when it does not fit.</summary>
    public static CheckpointHeader Check(byte[] content, string name, ModelState state, string model, int trainExamples)
    {
        if (content.Length < Magic.Length + sizeof(int) + sizeof(uint) || !content.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new CheckpointException($"Checkpoint {name} is not a checkpoint of this program (no EXPCKPT1 header; {content.Length} bytes).");
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(content.AsSpan(content.Length - sizeof(uint)));
        if (Crc32.Compute(content.AsSpan(0, content.Length - sizeof(uint)), []) != stored)
        {
            throw new CheckpointException($"Checkpoint {name} is damaged or truncated (its CRC-32 does not match; {content.Length} bytes).");
        }

        var header = ReadHeader(content, name, out _);
        if (header.Format != CheckpointHeader.CurrentFormat)
        {
            throw new CheckpointException($"Checkpoint {name} has format {header.Format}; this program reads format {CheckpointHeader.CurrentFormat}.");
        }

        if (header.Model != model)
        {
            throw new CheckpointException($"Checkpoint {name} was written by model '{header.Model}', not '{model}'.");
        }

        var shapes = state.Shapes();
        var difference = shapes.Keys.Union(header.Shapes.Keys, StringComparer.Ordinal)
            .Select(key => (Key: key, Here: shapes.GetValueOrDefault(key), There: header.Shapes.GetValueOrDefault(key)))
            .FirstOrDefault(entry => entry.Here is null || entry.There is null || !entry.Here.SequenceEqual(entry.There));
        if (difference.Key is not null)
        {
            throw new CheckpointException(
                $"Checkpoint {name} does not fit this run's networks: {difference.Key} is {Describe(difference.There)} in the checkpoint and {Describe(difference.Here)} here.");
        }

        if (!header.Optimizers.SequenceEqual(state.Optimizers.Select(o => o.Key)) || !header.Generators.SequenceEqual(state.Generators.Select(g => g.Key))
            || !header.Counters.Keys.SequenceEqual(state.ReadCounters().Keys))
        {
            throw new CheckpointException($"Checkpoint {name} holds other optimisers or random generators than this run ({string.Join(", ", header.Optimizers)}).");
        }

        if (header.TrainExamples != trainExamples)
        {
            throw new CheckpointException($"Checkpoint {name} was trained on {header.TrainExamples} examples per epoch; this run has {trainExamples}.");
        }

        return header;
    }

    /// <summary>
    /// Replaces the run's state with a checkpoint that passed <see cref="Check"/>. With <paramref name="weightsOnly"/>
    /// (population-based training taking another trial's state) only the networks and counters: the optimisers keep
    /// the moments they start with for this run's own hyperparameters, and its random generators stay its own.
    /// </summary>
    public static void Restore(byte[] content, string name, ModelState state, bool weightsOnly = false)
    {
        var header = ReadHeader(content, name, out var bodyStart);
        try
        {
            using var stream = new MemoryStream(content, bodyStart, content.Length - bodyStart - sizeof(uint), writable: false);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            foreach (var (_, network) in state.Networks)
            {
                network.load(reader, strict: true);
            }

            if (weightsOnly)
            {
                state.WriteCounters(header.Counters);
                return;
            }

            foreach (var (optimizerName, optimizer) in state.Optimizers)
            {
                Saveable(optimizer, optimizerName).load_state_dict(reader);
            }

            foreach (var (_, generator) in state.Generators)
            {
                using var generatorState = ReadBytes(reader);
                generator.set_state(generatorState);
            }

            using var globalState = ReadBytes(reader);
            torch.set_rng_state(globalState);
            state.WriteCounters(header.Counters);
        }
        catch (Exception exception) when (exception is not CheckpointException)
        {
            throw new CheckpointException($"Checkpoint {name} could not be loaded: {exception.Message}", exception);
        }
    }

    private static CheckpointHeader ReadHeader(byte[] content, string name, out int bodyStart)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(content.AsSpan(Magic.Length));
        var start = Magic.Length + sizeof(int);
        if (length <= 0 || length > content.Length - start - sizeof(uint))
        {
            throw new CheckpointException($"Checkpoint {name} has a header length of {length} bytes, beyond its end.");
        }

        try
        {
            bodyStart = start + length;
            return JsonSerializer.Deserialize<CheckpointHeader>(content.AsSpan(start, length), Json)
                ?? throw new CheckpointException($"Checkpoint {name} has an empty header.");
        }
        catch (JsonException exception)
        {
            throw new CheckpointException($"Checkpoint {name} has an unreadable header: {exception.Message}", exception);
        }
    }

    private static OptimizerHelper Saveable(optim.Optimizer optimizer, string name) =>
        optimizer as OptimizerHelper
        ?? throw new NotSupportedException($"Optimiser '{name}' ({optimizer.GetType().Name}) cannot save its state; use one of TorchSharp's built-in optimisers.");

    private static void WriteBytes(BinaryWriter writer, Tensor state)
    {
        using (state)
        {
            using var onCpu = state.cpu();
            var bytes = onCpu.data<byte>().ToArray();
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    private static Tensor ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new EndOfStreamException($"a random generator's state is cut short ({bytes.Length} of {length} bytes)");
        }

        return torch.tensor(bytes, ScalarType.Byte);
    }

    private static string Describe(long[]? shape) => shape is null ? "absent" : $"[{string.Join(", ", shape)}]";
}
