using System.Security.Cryptography;
using System.Text;
using Orleans.Storage;

namespace Experiments.Grains.Storage;

/// <summary>
/// Grain state on local disk for the embedded (one machine) mode. Each write goes to a temporary
/// file that is flushed and renamed over the old one, so a crash or Ctrl-C leaves either the old or
/// the new state, never half of one. The ETag is a content hash, which detects a second writer.
/// </summary>
public sealed class AtomicFileGrainStorage(string name, AtomicFileGrainStorageOptions options, IGrainStorageSerializer serializer)
    : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.RecordExists = false;
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        grainState.State = serializer.Deserialize<T>(new BinaryData(bytes));
        grainState.ETag = Hash(bytes);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        await CheckETagAsync(path, grainState.ETag, grainId).ConfigureAwait(false);

        var bytes = serializer.Serialize(grainState.State).ToArray();
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await stream.WriteAsync(bytes).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
        grainState.ETag = Hash(bytes);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        await CheckETagAsync(path, grainState.ETag, grainId).ConfigureAwait(false);
        File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task CheckETagAsync(string path, string? expected, GrainId grainId)
    {
        var current = File.Exists(path) ? Hash(await File.ReadAllBytesAsync(path).ConfigureAwait(false)) : null;
        if (!string.Equals(current, expected, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"Grain state of {grainId} in storage '{name}' was changed by another writer.", current ?? string.Empty, expected ?? string.Empty);
        }
    }

    private string PathFor(string stateName, GrainId grainId)
    {
        Directory.CreateDirectory(options.RootDirectory);
        var key = $"{grainId.Type}/{grainId.Key}/{stateName}";
        // Grain keys may hold characters that are not valid in file names: hash them, keep a readable prefix.
        var readable = new string(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').Take(80).ToArray());
        return Path.Combine(options.RootDirectory, $"{readable}.{Hash(Encoding.UTF8.GetBytes(key))[..16]}.state");
    }

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
