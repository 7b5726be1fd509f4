using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Experiments.Training.Safetensors;

/// <summary>
/// A parsed safetensors file (huggingface/safetensors): 8 bytes of little-endian header length N, N bytes of UTF-8
/// JSON (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}</c>), then
/// the tensors' bytes, offsets relative to the byte after the header. Validated as the reference reader does: header
/// at most 100,000,000 bytes and a JSON object, no duplicate names, each tensor's byte length equal to its shape times
/// its dtype's size, and the offsets covering the byte buffer exactly, without holes or overlaps.
/// </summary>
internal sealed class SafetensorsFile
{
    public const string MetadataKey = "__metadata__";

    /// <summary>The reference implementation refuses larger headers (it would be parsing untrusted JSON of any size).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const int LengthPrefixBytes = 8;

    private SafetensorsFile(IReadOnlyDictionary<string, SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The tensors by name, in the order of their data in the file.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors { get; }

    /// <summary>The free-form <c>__metadata__</c> strings (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads and validates <paramref name="path"/>; a missing, unreadable or invalid file throws <see cref="SafetensorsException"/>.</summary>
    public static SafetensorsFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var reason = exception is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : exception.Message.TrimEnd('.');
            throw new SafetensorsException(path, reason, exception);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses a whole file's bytes; <paramref name="source"/> names it in errors.</summary>
    public static SafetensorsFile Parse(ReadOnlyMemory<byte> file, string source)
    {
        RequireLittleEndian();
        if (file.Length < LengthPrefixBytes)
        {
            throw new SafetensorsException(source, $"the file is truncated: it holds {file.Length} bytes, fewer than the 8-byte header length");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file.Span);
        if (headerLength > MaxHeaderBytes)
        {
            throw new SafetensorsException(source, $"its header length is {headerLength} bytes, above the format's limit of {MaxHeaderBytes} (not a safetensors file, or a damaged one)");
        }

        if (LengthPrefixBytes + (long)headerLength > file.Length)
        {
            throw new SafetensorsException(source, $"the file is truncated: its header needs {headerLength} bytes after the length but only {file.Length - LengthPrefixBytes} follow");
        }

        var header = file.Slice(LengthPrefixBytes, (int)headerLength);
        var buffer = file[(LengthPrefixBytes + (int)headerLength)..];
        var (entries, metadata) = ParseHeader(header.Span, source);
        return new SafetensorsFile(Layout(entries, buffer, source), metadata);
    }

    internal static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Safetensors data is little-endian; this machine is not.");
        }
    }

    private static (List<HeaderEntry> Entries, Dictionary<string, string> Metadata) ParseHeader(ReadOnlySpan<byte> header, string source)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(header);
        }
        catch (DecoderFallbackException exception)
        {
            throw new SafetensorsException(source, "its header is not valid UTF-8 (not a safetensors file, or a damaged one)", exception);
        }

        if (!text.StartsWith('{'))
        {
            throw new SafetensorsException(source, "its header does not start with '{' (not a safetensors file, or a damaged one)");
        }

        JsonDocument document;
        try
        {
            // The format forbids duplicate keys; System.Text.Json would otherwise keep the last silently.
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 8 });
        }
        catch (JsonException exception)
        {
            throw new SafetensorsException(source, $"its header is not valid JSON ({exception.Message.TrimEnd('.')})", exception);
        }

        using (document)
        {
            // Valid JSON that starts with '{' is an object.
            var entries = new List<HeaderEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, source);
                }
                else
                {
                    entries.Add(ReadEntry(property.Name, property.Value, source));
                }
            }

            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsException(source, $"its header's {MetadataKey} is not an object of strings");
        }

        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafetensorsException(source, $"its header's {MetadataKey} value '{item.Name}' is not a string (the format allows strings only)");
            }

            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static HeaderEntry ReadEntry(string name, JsonElement element, string source)
    {
        string Invalid(string what) => $"tensor '{name}' in its header {what}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsException(source, Invalid("is not an object with dtype, shape and data_offsets"));
        }

        if (!element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new SafetensorsException(source, Invalid("has no dtype string"));
        }

        var dtype = dtypeElement.GetString()!;
        var elementSize = SafetensorsDtype.ElementSize(dtype)
            ?? throw new SafetensorsException(source, Invalid($"has dtype '{dtype}', which this reader does not know (supported: {SafetensorsDtype.Loadable})"));
        var shape = ReadIntegers(element, "shape", name, source);
        var offsets = ReadIntegers(element, "data_offsets", name, source);
        if (offsets.Length != 2 || offsets[0] > offsets[1])
        {
            throw new SafetensorsException(source, Invalid("has data_offsets that are not [begin, end] with begin <= end"));
        }

        long byteLength;
        try
        {
            byteLength = checked(shape.Aggregate(1L, (product, dimension) => product * dimension) * elementSize);
        }
        catch (OverflowException exception)
        {
            throw new SafetensorsException(source, Invalid("has a shape too large to address"), exception);
        }

        if (offsets[1] - offsets[0] != byteLength)
        {
            throw new SafetensorsException(source, Invalid(
                $"spans {offsets[1] - offsets[0]} bytes, but shape [{string.Join(", ", shape)}] of {dtype} needs {byteLength}"));
        }

        return new HeaderEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(JsonElement entry, string property, string name, string source)
    {
        if (!entry.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new SafetensorsException(source, $"tensor '{name}' in its header has no {property} list");
        }

        var values = new List<long>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var value) || value < 0)
            {
                throw new SafetensorsException(source, $"tensor '{name}' in its header has a {property} entry that is not a non-negative integer");
            }

            values.Add(value);
        }

        return [.. values];
    }

    /// <summary>Checks that the tensors tile the byte buffer from 0 to its end and slices each one's bytes.</summary>
    private static Dictionary<string, SafetensorsTensor> Layout(List<HeaderEntry> entries, ReadOnlyMemory<byte> buffer, string source)
    {
        var ordered = entries.OrderBy(entry => entry.Begin).ThenBy(entry => entry.End).ToList();
        var end = ordered.Count == 0 ? 0 : ordered.Max(entry => entry.End);
        if (end > buffer.Length)
        {
            throw new SafetensorsException(source, $"the file is truncated: its tensors need {end} bytes of data but only {buffer.Length} follow the header");
        }

        long position = 0;
        var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var entry in ordered)
        {
            if (entry.Begin != position)
            {
                var problem = entry.Begin < position ? "overlaps the tensor before it" : $"leaves a hole of {entry.Begin - position} bytes before it";
                throw new SafetensorsException(source, $"tensor '{entry.Name}' {problem} (the data offsets must cover the byte buffer exactly)");
            }

            tensors.Add(entry.Name, new SafetensorsTensor(entry.Name, entry.Dtype, entry.Shape, buffer.Slice((int)entry.Begin, (int)(entry.End - entry.Begin))));
            position = entry.End;
        }

        if (position != buffer.Length)
        {
            throw new SafetensorsException(source, $"{buffer.Length - position} bytes follow the last tensor's data (the data offsets must cover the byte buffer exactly)");
        }

        return tensors;
    }

    private sealed record HeaderEntry(string Name, string Dtype, long[] Shape, long Begin, long End);
}
