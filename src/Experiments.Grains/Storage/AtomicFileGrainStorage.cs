using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Experiments.Grains.Storage;

/// <summary>
/// Grain state on local disk for the embedded (one machine) mode. Each write goes to a temporary
/// file that is flushed and renamed over the old one, so a crash or Ctrl-C leaves either the old or
/// the new state, never half of one; the temporary file is removed when a write fails, and stale
/// ones (left by a crash) when the storage first touches the folder. The ETag is a content hash,
/// which detects a second writer.
/// </summary>
/// <remarks>
/// A write that fails (disk full, read-only, I/O error) is retried on <see cref="AtomicFileGrainStorageOptions.WriteRetryDelays"/>,
/// then fails with a <see cref="GrainStateStorageException"/> naming the file. Once a write has failed
/// for good, later writes are tried once each until one succeeds: the folder is known to be failing,
/// and a sweep stopping because of it must not wait out the retries again for every grain it stops.
/// A file that cannot be read is reported (<see cref="GrainStateDamagedException"/>) or set aside,
/// as <see cref="AtomicFileGrainStorageOptions.DamagedState"/> says; it is never deleted or overwritten.
/// </remarks>
public sealed class AtomicFileGrainStorage(
    string name,
    AtomicFileGrainStorageOptions options,
    IGrainStorageSerializer serializer,
    ILogger<AtomicFileGrainStorage> logger) : IGrainStorage
{
    private const string TemporarySuffix = ".tmp";
    private const string DamagedSuffix = ".damaged";
    /// <summary>Absolute, so every message names the file wherever the process was started.</summary>
    private readonly string root = Path.GetFullPath(options.RootDirectory);
    private readonly Lock staleFilesGate = new();
    private volatile bool writesFailing;
    private volatile bool staleFilesRemoved;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = PathFor(stateName, grainId);
        RemoveStaleTemporaryFilesOnce();
        byte[] contents;
        try
        {
            if (!File.Exists(path))
            {
                SetEmpty(grainState);
                return;
            }

            contents = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            throw GrainStateStorageException.CannotRead(path, exception);
        }

        var damage = StateFileFormat.Decode(contents, stateName, grainId, out var payload);
        T? value = default;
        if (damage is null)
        {
            try
            {
                value = serializer.Deserialize<T>(new BinaryData(payload));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                damage = $"unreadable as {stateName} state";
            }
        }

        if (damage is not null)
        {
            if (options.DamagedState != DamagedStateHandling.SetAside)
            {
                throw new GrainStateDamagedException(path, stateName, damage);
            }

            var keptAs = SetAside(path);
            logger.LogWarning("The state file {Path} is damaged ({Damage}); it was kept as {KeptAs} and {Grain} starts anew", path, damage, keptAs, grainId);
            SetEmpty(grainState);
            return;
        }

        grainState.State = value!;
        grainState.ETag = Hash(contents);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = PathFor(stateName, grainId);
        var contents = StateFileFormat.Encode(stateName, grainId, serializer.Serialize(grainState.State).ToMemory().Span);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOnceAsync(path, contents, grainState.ETag, grainId).ConfigureAwait(false);
                writesFailing = false;
                break;
            }
            catch (Exception exception) when (IsStorageFailure(exception))
            {
                var delays = options.WriteRetryDelays;
                if (writesFailing || attempt > delays.Count)
                {
                    writesFailing = true;
                    throw GrainStateStorageException.CannotWrite(path, exception);
                }

                logger.LogInformation("Writing grain state to {Path} failed (attempt {Attempt}); retrying in {Delay}: {Reason}", path, attempt, delays[attempt - 1], exception.Message);
                await Task.Delay(delays[attempt - 1]).ConfigureAwait(false);
            }
        }

        grainState.ETag = Hash(contents);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = PathFor(stateName, grainId);
        try
        {
            await CheckETagAsync(path, grainState.ETag, grainId).ConfigureAwait(false);
            File.Delete(path);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            throw GrainStateStorageException.CannotWrite(path, exception);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task WriteOnceAsync(string path, byte[] contents, string? expectedETag, GrainId grainId)
    {
        Directory.CreateDirectory(root);
        RemoveStaleTemporaryFilesOnce();
        await CheckETagAsync(path, expectedETag, grainId).ConfigureAwait(false);

        var temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await stream.WriteAsync(contents).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private async Task CheckETagAsync(string path, string? expected, GrainId grainId)
    {
        var current = File.Exists(path) ? Hash(await File.ReadAllBytesAsync(path).ConfigureAwait(false)) : null;
        if (current is null && expected is not null)
        {
            // Deleted underneath a live grain (by hand, a cleanup script): its memory is the newest state, so write it again.
            logger.LogWarning("The state file {Path} was deleted while in use; it is written again from memory", path);
            return;
        }

        if (!string.Equals(current, expected, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"Grain state of {grainId} in storage '{name}' was changed by another writer.", current ?? string.Empty, expected ?? string.Empty);
        }
    }

    /// <summary>Renames a damaged file out of the way without overwriting an earlier one; returns its new path.</summary>
    private static string SetAside(string path)
    {
        for (var copy = 1; ; copy++)
        {
            var keptAs = copy == 1 ? path + DamagedSuffix : $"{path}.{copy}{DamagedSuffix}";
            if (File.Exists(keptAs))
            {
                continue;
            }

            try
            {
                File.Move(path, keptAs, overwrite: false);
                return keptAs;
            }
            catch (Exception exception) when (IsStorageFailure(exception))
            {
                throw GrainStateStorageException.CannotWrite(path, exception);
            }
        }
    }

    /// <summary>Temporary files of writes that never finished (the process died between write and rename) hold nothing of value.</summary>
    private void RemoveStaleTemporaryFilesOnce()
    {
        if (staleFilesRemoved)
        {
            return;
        }

        // Writers wait here until the folder is clean, so a new temporary file is never taken for a stale one.
        lock (staleFilesGate)
        {
            if (staleFilesRemoved || !Directory.Exists(root))
            {
                return;
            }

            try
            {
                foreach (var stale in Directory.EnumerateFiles(root, $"*.state.*{TemporarySuffix}"))
                {
                    TryDelete(stale);
                }
            }
            catch (Exception exception) when (IsStorageFailure(exception))
            {
                logger.LogInformation("Could not look for stale temporary files in {Directory}: {Reason}", root, exception.Message);
            }

            staleFilesRemoved = true;
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            logger.LogInformation("Could not remove the temporary file {Path}: {Reason}", path, exception.Message);
        }
    }

    private static void SetEmpty<T>(IGrainState<T> grainState)
    {
        // A grain that reloads after a failed write must not keep what it could not save.
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static bool IsStorageFailure(Exception exception) => exception is IOException or UnauthorizedAccessException;

    private string PathFor(string stateName, GrainId grainId)
    {
        var key = $"{grainId.Type}/{grainId.Key}/{stateName}";
        // Grain keys may hold characters that are not valid in file names: hash them, keep a readable prefix.
        var readable = new string(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').Take(80).ToArray());
        return Path.Combine(root, $"{readable}.{Hash(Encoding.UTF8.GetBytes(key))[..16]}.state");
    }

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
