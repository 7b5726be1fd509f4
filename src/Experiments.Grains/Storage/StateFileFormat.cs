using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Experiments.Grains.Storage;

/// <summary>
/// A state file is one text header line, then the serialized state:
/// <c>experiments-state 1 &lt;state name&gt; &lt;grain id&gt; &lt;length&gt; &lt;sha256&gt;\n</c>. The header makes
/// damage detectable before deserializing (a truncated or garbled file, or one copied from another
/// grain), and <c>head -1</c> shows whose state a file holds. Files written before the header
/// existed are read as they are.
/// </summary>
internal static class StateFileFormat
{
    private const string Magic = "experiments-state ";
    private const string Version = "1";
    private const int MaxHeaderLength = 1024;

    public static byte[] Encode(string stateName, GrainId grainId, ReadOnlySpan<byte> payload)
    {
        var header = string.Create(
            CultureInfo.InvariantCulture,
            $"{Magic}{Version} {stateName} {Uri.EscapeDataString(grainId.ToString())} {payload.Length} {Convert.ToHexStringLower(SHA256.HashData(payload))}\n");
        var headerBytes = Encoding.ASCII.GetBytes(header);
        var contents = new byte[headerBytes.Length + payload.Length];
        headerBytes.CopyTo(contents, 0);
        payload.CopyTo(contents.AsSpan(headerBytes.Length));
        return contents;
    }

    /// <summary>Returns null and the payload when the file is whole, else what is wrong with it, in a few words.</summary>
    public static string? Decode(byte[] contents, string stateName, GrainId grainId, out ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(contents);
        payload = contents;
        var magic = Encoding.ASCII.GetBytes(Magic);
        if (contents.Length == 0)
        {
            return "empty";
        }

        if (contents.Length < magic.Length && magic.AsSpan().StartsWith(contents))
        {
            return "truncated inside its header";
        }

        if (!contents.AsSpan().StartsWith(magic))
        {
            return null; // Written before headers existed: the deserializer judges it.
        }

        var end = contents.AsSpan(0, Math.Min(contents.Length, MaxHeaderLength)).IndexOf((byte)'\n');
        if (end < 0)
        {
            return contents.Length < MaxHeaderLength ? "truncated inside its header" : "garbled: its header is unreadable";
        }

        var fields = Encoding.ASCII.GetString(contents, magic.Length, end - magic.Length).Split(' ');
        if (fields.Length != 5 || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var declared))
        {
            return "garbled: its header is unreadable";
        }

        if (fields[0] != Version)
        {
            return $"written in format {fields[0]}, which this version cannot read";
        }

        var owner = Uri.UnescapeDataString(fields[2]);
        if (fields[1] != stateName || owner != grainId.ToString())
        {
            return $"it holds the {fields[1]} state of {owner}, not the {stateName} state of {grainId}";
        }

        var actual = contents.Length - end - 1;
        if (actual < declared)
        {
            return string.Create(CultureInfo.InvariantCulture, $"truncated: {actual} of {declared} bytes");
        }

        if (actual > declared)
        {
            return string.Create(CultureInfo.InvariantCulture, $"garbled: {actual - declared} bytes more than its header declares");
        }

        payload = contents.AsMemory(end + 1);
        return Convert.ToHexStringLower(SHA256.HashData(payload.Span)) == fields[4]
            ? null
            : "garbled: its content does not match its checksum";
    }
}
