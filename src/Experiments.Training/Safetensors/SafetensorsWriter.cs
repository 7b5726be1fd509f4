using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Safetensors;

/// <summary>
/// Writes tensors in the safetensors format as the reference writer lays them out: tensors ordered by dtype (the
/// reference's order, widest alignment first) then name, packed without gaps; the JSON header compact and padded with
/// spaces to a multiple of 8 bytes, so every tensor's data starts aligned in the file.
/// </summary>
internal static class SafetensorsWriter
{
    private const int Alignment = 8;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The whole file's bytes for <paramref name="tensors"/> (any device; copied to the CPU) and optional metadata strings.</summary>
    public static byte[] Serialize(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        SafetensorsFile.RequireLittleEndian();
        using var scope = torch.NewDisposeScope();
        var prepared = tensors
            .Select(pair => (pair.Key, Tensor: pair.Value.detach().cpu().contiguous(), Dtype: SafetensorsDtype.NameOf(pair.Value.dtype)))
            .OrderByDescending(item => SafetensorsDtype.Rank(item.Dtype))
            .ThenBy(item => item.Key, StringComparer.Ordinal)
            .ToList();
        var duplicate = prepared.GroupBy(item => item.Key, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Tensor name '{duplicate.Key}' occurs twice; safetensors names must be unique.", nameof(tensors));
        }

        if (prepared.Any(item => item.Key == SafetensorsFile.MetadataKey))
        {
            throw new ArgumentException($"'{SafetensorsFile.MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(tensors));
        }

        var header = Header(prepared.Select(item => (item.Key, item.Dtype, item.Tensor.shape, item.Tensor.NumberOfElements * item.Tensor.ElementSize)), metadata);
        var dataLength = prepared.Sum(item => item.Tensor.NumberOfElements * item.Tensor.ElementSize);
        var file = new byte[8 + header.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        var position = 8 + header.Length;
        foreach (var item in prepared)
        {
            var bytes = item.Tensor.NumberOfElements == 0 ? Span<byte>.Empty : item.Tensor.bytes;
            bytes.CopyTo(file.AsSpan(position));
            position += bytes.Length;
        }

        return file;
    }

    /// <summary>Writes the file to <paramref name="path"/> through a temporary file, so a reader never sees half of it.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var bytes = Serialize(tensors, metadata);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private static byte[] Header(IEnumerable<(string Name, string Dtype, long[] Shape, long Length)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsFile.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, dtype, shape, length) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (var dimension in shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += length;
            }

            json.WriteEndObject();
        }

        var padding = (Alignment - (int)(stream.Length % Alignment)) % Alignment;
        for (var i = 0; i < padding; i++)
        {
            stream.WriteByte((byte)' ');
        }

        return stream.ToArray();
    }
}
