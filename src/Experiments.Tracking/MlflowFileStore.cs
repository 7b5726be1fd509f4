using System.Collections.Concurrent;
using System.Numerics;
using System.Text;
using Experiments.Tracking.FileStore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Experiments.Tracking;

/// <summary>
/// Writes runs in exactly the folder layout of MLflow's FileStore, so <c>mlflow ui --backend-store-uri ./mlruns</c>
/// shows them. Thread-safe; experiment creation is also safe across processes sharing the folder.
/// </summary>
/// <remarks>
/// Experiment ids are sequential integers (MLflow reads any integer id). Files are replaced through a temporary
/// file, fsync and a rename; metric points are appended as whole lines and fsynced. Every call either completes or
/// leaves no trace MLflow could trip over: a log-batch whose metric appends fail (disk full, read-only, I/O error) is
/// rolled back, and throws <see cref="MlflowFileStoreException"/> naming the path and the reason, so the same call
/// can be repeated later (<see cref="TrackingFailure.IsTransient"/>); repeating it does not log points twice. What a
/// killed process left behind in a run folder (a metric line cut short, an empty metric file, temporary files) is
/// repaired the first time this store writes to that run (<see cref="RunFolderRepair"/>): one folder at a time, so a
/// large mlruns folder costs nothing up front.
/// </remarks>
public sealed class MlflowFileStore : IExperimentTracker
{
    private const string DefaultExperimentId = "0";
    private const string DefaultExperimentName = "Default";
    private const string TrashFolderName = ".trash";
    private const string LockFileName = ".experiment-creation.lock";
    private const string MetaFileName = "meta.yaml";
    private const int RunLockStripes = 64;

    private readonly ILogger<MlflowFileStore> logger;
    private readonly SemaphoreSlim experimentCreationGate = new(1, 1);
    private readonly SemaphoreSlim[] runLocks;
    private readonly ConcurrentDictionary<string, string> runDirectories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> repairedFolders = new(StringComparer.Ordinal);
    private readonly string userId = Environment.UserName;
    private volatile bool defaultExperimentEnsured;

    public MlflowFileStore(string rootDirectory, ILogger<MlflowFileStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
        this.logger = logger ?? NullLogger<MlflowFileStore>.Instance;
        runLocks = Enumerable.Range(0, RunLockStripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    }

    /// <summary>Absolute path of the <c>mlruns</c> folder.</summary>
    public string RootDirectory { get; }

    public async Task<string> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await EnsureDefaultExperimentAsync(cancellationToken).ConfigureAwait(false);

        var existing = await FindActiveExperimentIdAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        // Re-scan under the in-process gate and the cross-process lock: whoever holds both decides alone.
        await experimentCreationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await CrossProcessFileLock.AcquireAsync(LockPath, cancellationToken).ConfigureAwait(false);
            existing = await FindActiveExperimentIdAsync(name, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return existing;
            }

            var experimentId = NextExperimentId();
            await WriteNewExperimentAsync(experimentId, name, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Created MLflow experiment {ExperimentName} with id {ExperimentId} in {Root}", name, experimentId, RootDirectory);
            return experimentId;
        }
        finally
        {
            experimentCreationGate.Release();
        }
    }

    public async Task<string> CreateRunAsync(
        string experimentId,
        string runName,
        IReadOnlyDictionary<string, string> tags,
        string? parentRunId = null,
        string? runKey = null,
        long? startTimeMs = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        var allTags = MlflowTags.ForNewRun(runName, tags, parentRunId, runKey);
        await EnsureDefaultExperimentAsync(cancellationToken).ConfigureAwait(false);

        var experimentDirectory = ExperimentDirectory(experimentId);
        var experimentYaml = await AtomicFile.TryReadTextAsync(Path.Combine(experimentDirectory, MetaFileName), cancellationToken).ConfigureAwait(false)
            ?? throw new MlflowException(MlflowException.ResourceDoesNotExist, $"No experiment with id '{experimentId}' in '{RootDirectory}'.");
        if (ExperimentMeta.Parse(experimentYaml).LifecycleStage != ExperimentMeta.ActiveStage)
        {
            throw new MlflowException("INVALID_STATE", $"Experiment '{experimentId}' is deleted; runs can only be created in active experiments.");
        }

        EnsureRepaired(experimentDirectory, () => RunFolderRepair.RemoveTemporaryFiles(experimentDirectory, logger));

        // A keyed run's folder is named by its key, so a repeated creation lands in the same folder.
        var runId = runKey ?? Guid.NewGuid().ToString("N");
        var runDirectory = Path.Combine(experimentDirectory, runId);
        var runLock = RunLock(runId);
        await runLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (runKey is not null
                && await TryReadRunMetaAsync(runDirectory, experimentId, runId, cancellationToken).ConfigureAwait(false) is not null)
            {
                runDirectories[runId] = runDirectory;
                return runId;
            }

            var createdFolder = !Directory.Exists(runDirectory);
            try
            {
                CreateDirectory(runDirectory);
                using var fileLock = await CrossProcessFileLock.AcquireIfWritableAsync(
                    Path.Combine(runDirectory, RunWriteLock.FileName), cancellationToken).ConfigureAwait(false);
                if (!createdFolder)
                {
                    // An earlier attempt with this key stopped before meta.yaml (MLflow ignores such a folder): finish it.
                    RunFolderRepair.Repair(runDirectory, logger);
                }

                await WriteNewRunAsync(experimentId, runId, runName, runDirectory, allTags, startTimeMs ?? NowMs(), cancellationToken).ConfigureAwait(false);
            }
            catch when (createdFolder)
            {
                TryDeleteFolder(runDirectory);
                throw;
            }

            runDirectories[runId] = runDirectory;
            repairedFolders[runDirectory] = true;
            return runId;
        }
        finally
        {
            runLock.Release();
        }
    }

    public async Task<string?> FindRunByKeyAsync(string experimentId, string runKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        MlflowValidation.ValidateRunKey(runKey);
        var runDirectory = Path.Combine(ExperimentDirectory(experimentId), runKey);
        if (await TryReadRunMetaAsync(runDirectory, experimentId, runKey, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        runDirectories[runKey] = runDirectory;
        return runKey;
    }

    public async Task<IReadOnlyList<TrackedRun>> FindRunsByTagAsync(string experimentId, string tagKey, string tagValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        MlflowValidation.ValidateSearchTerm(tagKey, "Tag key");
        MlflowValidation.ValidateSearchTerm(tagValue, "Tag value");
        var experimentDirectory = ExperimentDirectory(experimentId);
        if (!Directory.Exists(experimentDirectory))
        {
            return [];
        }

        var found = new List<TrackedRun>();
        foreach (var runDirectory in Directory.EnumerateDirectories(experimentDirectory))
        {
            // One small file per run: cheap enough to scan an experiment of many thousand runs.
            var value = await AtomicFile.TryReadTextAsync(EntryPath(runDirectory, "tags", tagKey), cancellationToken).ConfigureAwait(false);
            if (value == tagValue && await GetRunAsync(Path.GetFileName(runDirectory), cancellationToken).ConfigureAwait(false) is { } run)
            {
                found.Add(run);
            }
        }

        return found.OrderByDescending(run => run.StartTimeMs).ToList();
    }

    public async Task LogBatchAsync(
        string runId,
        IReadOnlyList<Metric> metrics,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        MlflowValidation.ValidateBatch(metrics, parameters, tags);
        var runDirectory = await RequireRunDirectoryAsync(runId, cancellationToken).ConfigureAwait(false);
        using var writeLock = await RunWriteLock.AcquireAsync(RunLock(runId), runDirectory, cancellationToken).ConfigureAwait(false);
        EnsureRunRepaired(runDirectory);

        // Params (write-once) and tags (overwritten) first: repeating them is harmless, so a batch that fails
        // anywhere can be repeated whole. The metric appends come last and are undone when they fail.
        if (parameters is { Count: > 0 })
        {
            await WriteParamsAsync(runId, runDirectory, parameters, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            await WriteTagAsync(runDirectory, key, value, cancellationToken).ConfigureAwait(false);
        }

        if (metrics.Count > 0)
        {
            await AppendMetricsAsync(runDirectory, metrics, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        MlflowValidation.ValidateKey(key, "Tag");
        MlflowValidation.ValidateTagValue(key, value);
        var runDirectory = await RequireRunDirectoryAsync(runId, cancellationToken).ConfigureAwait(false);
        using var writeLock = await RunWriteLock.AcquireAsync(RunLock(runId), runDirectory, cancellationToken).ConfigureAwait(false);
        EnsureRunRepaired(runDirectory);
        await WriteTagAsync(runDirectory, key, value, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpdateRunStatusAsync(string runId, RunStatus status, long? endTimeMs = null, CancellationToken cancellationToken = default)
    {
        var runDirectory = await RequireRunDirectoryAsync(runId, cancellationToken).ConfigureAwait(false);
        using var writeLock = await RunWriteLock.AcquireAsync(RunLock(runId), runDirectory, cancellationToken).ConfigureAwait(false);
        EnsureRunRepaired(runDirectory);
        var metaPath = Path.Combine(runDirectory, MetaFileName);
        var yaml = await AtomicFile.TryReadTextAsync(metaPath, cancellationToken).ConfigureAwait(false)
            ?? throw new MlflowException(MlflowException.ResourceDoesNotExist, $"Run '{runId}' has no meta.yaml.");
        var meta = RunMeta.Parse(yaml, metaPath);
        var endTime = endTimeMs ?? (RunStatusNames.IsTerminal(status) ? NowMs() : meta.EndTime);
        var updated = meta with { Status = status, EndTime = endTime };
        await AtomicFile.WriteTextAsync(metaPath, updated.ToYaml(), runDirectory, cancellationToken).ConfigureAwait(false);
    }

    public async Task LogArtifactAsync(string runId, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var segments = MlflowValidation.SplitArtifactPath(artifactPath);
        var runDirectory = await RequireRunDirectoryAsync(runId, cancellationToken).ConfigureAwait(false);
        using var writeLock = await RunWriteLock.AcquireAsync(RunLock(runId), runDirectory, cancellationToken).ConfigureAwait(false);
        EnsureRunRepaired(runDirectory);
        var target = Path.Combine([runDirectory, "artifacts", .. segments]);
        CreateDirectory(Path.GetDirectoryName(target)!);
        await AtomicFile.WriteBytesAsync(target, content, runDirectory, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ArtifactFile>> ListArtifactsAsync(string runId, string? folder = null, CancellationToken cancellationToken = default)
    {
        var segments = folder is null ? [] : MlflowValidation.SplitArtifactPath(folder);
        var runDirectory = await RequireRunDirectoryAsync(runId, cancellationToken).ConfigureAwait(false);
        var directory = new DirectoryInfo(Path.Combine([runDirectory, "artifacts", .. segments]));
        if (!directory.Exists)
        {
            return [];
        }

        var prefix = folder is null ? string.Empty : string.Join('/', segments) + "/";
        return directory.EnumerateFileSystemInfos()
            .Where(entry => !entry.Name.StartsWith('.')) // AtomicFile's temporary files
            .OrderBy(entry => entry.Name, StringComparer.Ordinal)
            .Select(entry => entry is FileInfo file
                ? new ArtifactFile(prefix + file.Name, false, file.Length)
                : new ArtifactFile(prefix + entry.Name, true, null))
            .ToList();
    }

    public async Task<byte[]?> DownloadArtifactAsync(string runId, string artifactPath, CancellationToken cancellationToken = default)
    {
        var segments = MlflowValidation.SplitArtifactPath(artifactPath);
        var runDirectory = await RequireRunDirectoryAsync(runId, cancellationToken).ConfigureAwait(false);
        var path = Path.Combine([runDirectory, "artifacts", .. segments]);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task DeleteArtifactAsync(string runId, string artifactPath, CancellationToken cancellationToken = default)
    {
        var segments = MlflowValidation.SplitArtifactPath(artifactPath);
        var runDirectory = await RequireRunDirectoryAsync(runId, cancellationToken).ConfigureAwait(false);
        using var writeLock = await RunWriteLock.AcquireAsync(RunLock(runId), runDirectory, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Delete(Path.Combine([runDirectory, "artifacts", .. segments]));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing there to delete.
        }
    }

    public async Task<TrackedRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        MlflowValidation.ValidateRunId(runId);
        var runDirectory = FindRunDirectory(runId);
        if (runDirectory is null)
        {
            return null;
        }

        var metaPath = Path.Combine(runDirectory, MetaFileName);
        var yaml = await AtomicFile.TryReadTextAsync(metaPath, cancellationToken).ConfigureAwait(false);
        if (yaml is null)
        {
            return null;
        }

        var meta = RunMeta.Parse(yaml, metaPath);
        var tags = await ReadEntriesAsync(Path.Combine(runDirectory, "tags"), cancellationToken).ConfigureAwait(false);
        var parameters = await ReadEntriesAsync(Path.Combine(runDirectory, "params"), cancellationToken).ConfigureAwait(false);
        var runName = meta.RunName.Length > 0 ? meta.RunName : tags.GetValueOrDefault(MlflowTags.RunName, string.Empty);
        return new TrackedRun(meta.RunId, meta.ExperimentId, runName, meta.Status, meta.StartTime, meta.EndTime, tags, parameters);
    }

    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        MlflowValidation.ValidateKey(key, "Metric");
        var runDirectory = await RequireRunDirectoryAsync(runId, cancellationToken).ConfigureAwait(false);
        var text = await AtomicFile.TryReadTextAsync(EntryPath(runDirectory, "metrics", key), cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return [];
        }

        // Only complete lines: a concurrent append may not have finished its last line yet.
        var complete = text.LastIndexOf('\n') is var end and >= 0 ? text[..end] : string.Empty;
        return complete.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => MetricLineFormat.Parse(key, line))
            .ToList();
    }

    private string LockPath => Path.Combine(RootDirectory, LockFileName);

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static string EntryPath(string runDirectory, string folder, string key) =>
        Path.Combine([runDirectory, folder, .. key.Split('/')]);

    private SemaphoreSlim RunLock(string runId) =>
        runLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(runId) % RunLockStripes)];

    private string ExperimentDirectory(string experimentId)
    {
        if (experimentId.Any(c => !char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"Experiment id '{experimentId}' is not an MLflow file store experiment id.", nameof(experimentId));
        }

        return Path.Combine(RootDirectory, experimentId);
    }

    private async Task EnsureDefaultExperimentAsync(CancellationToken cancellationToken)
    {
        if (defaultExperimentEnsured)
        {
            return;
        }

        // Usually there already: no lock needed (and none possible on a read-only folder).
        if (File.Exists(Path.Combine(RootDirectory, DefaultExperimentId, MetaFileName)))
        {
            defaultExperimentEnsured = true;
            return;
        }

        CreateDirectory(RootDirectory);
        await experimentCreationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await CrossProcessFileLock.AcquireAsync(LockPath, cancellationToken).ConfigureAwait(false);
            var defaultDirectory = Path.Combine(RootDirectory, DefaultExperimentId);
            var deletedDefault = Directory.Exists(Path.Combine(RootDirectory, TrashFolderName, DefaultExperimentId));
            if (!deletedDefault && !File.Exists(Path.Combine(defaultDirectory, MetaFileName)))
            {
                await WriteNewExperimentAsync(DefaultExperimentId, DefaultExperimentName, cancellationToken).ConfigureAwait(false);
            }

            defaultExperimentEnsured = true;
        }
        finally
        {
            experimentCreationGate.Release();
        }
    }

    private async Task WriteNewExperimentAsync(string experimentId, string name, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(RootDirectory, experimentId);
        var createdFolder = !Directory.Exists(directory);
        try
        {
            CreateDirectory(directory);
            var now = NowMs();
            var meta = new ExperimentMeta(new Uri(directory).AbsoluteUri, now, experimentId, now, ExperimentMeta.ActiveStage, name);
            await AtomicFile.WriteTextAsync(Path.Combine(directory, MetaFileName), meta.ToYaml(), directory, cancellationToken).ConfigureAwait(false);
        }
        catch when (createdFolder)
        {
            TryDeleteFolder(directory);
            throw;
        }
    }

    private async Task WriteNewRunAsync(
        string experimentId,
        string runId,
        string runName,
        string runDirectory,
        IReadOnlyDictionary<string, string> tags,
        long startTimeMs,
        CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { "metrics", "params", "tags", "artifacts" })
        {
            CreateDirectory(Path.Combine(runDirectory, folder));
        }

        foreach (var (key, value) in tags)
        {
            await WriteTagAsync(runDirectory, key, value, cancellationToken).ConfigureAwait(false);
        }

        // meta.yaml last: MLflow only lists a run once its meta.yaml exists, and by then its tags are complete.
        var meta = new RunMeta(
            ArtifactUri: new Uri(Path.Combine(runDirectory, "artifacts")).AbsoluteUri,
            EndTime: null,
            ExperimentId: experimentId,
            LifecycleStage: ExperimentMeta.ActiveStage,
            RunId: runId,
            RunName: runName,
            StartTime: startTimeMs,
            Status: RunStatus.Running,
            UserId: userId);
        await AtomicFile.WriteTextAsync(Path.Combine(runDirectory, MetaFileName), meta.ToYaml(), runDirectory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's meta.yaml when it is complete and belongs to this folder; null when missing or unreadable.</summary>
    private static async Task<RunMeta?> TryReadRunMetaAsync(string runDirectory, string experimentId, string runId, CancellationToken cancellationToken)
    {
        var metaPath = Path.Combine(runDirectory, MetaFileName);
        var yaml = await AtomicFile.TryReadTextAsync(metaPath, cancellationToken).ConfigureAwait(false);
        if (yaml is null)
        {
            return null;
        }

        try
        {
            var meta = RunMeta.Parse(yaml, metaPath);
            return meta.RunId == runId && meta.ExperimentId == experimentId ? meta : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>One above the largest integer id in use, deleted (trashed) experiments included so ids are never reused.</summary>
    private string NextExperimentId()
    {
        var largest = BigInteger.Zero;
        var trash = Path.Combine(RootDirectory, TrashFolderName);
        var folders = Directory.EnumerateDirectories(RootDirectory)
            .Concat(Directory.Exists(trash) ? Directory.EnumerateDirectories(trash) : []);
        foreach (var folder in folders)
        {
            var name = Path.GetFileName(folder);
            if (name.Length > 0 && name.All(char.IsAsciiDigit) && BigInteger.TryParse(name, out var id) && id > largest)
            {
                largest = id;
            }
        }

        var next = largest + 1;
        while (Directory.Exists(Path.Combine(RootDirectory, next.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            next++;
        }

        return next.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string?> FindActiveExperimentIdAsync(string name, CancellationToken cancellationToken)
    {
        foreach (var directory in Directory.EnumerateDirectories(RootDirectory))
        {
            if (Path.GetFileName(directory) == TrashFolderName)
            {
                continue;
            }

            var yaml = await AtomicFile.TryReadTextAsync(Path.Combine(directory, MetaFileName), cancellationToken).ConfigureAwait(false);
            if (yaml is null)
            {
                continue;
            }

            ExperimentMeta meta;
            try
            {
                meta = ExperimentMeta.Parse(yaml);
            }
            catch (FormatException exception)
            {
                logger.LogWarning(exception, "Skipping malformed experiment metadata in {Directory}", directory);
                continue;
            }

            if (meta.LifecycleStage == ExperimentMeta.ActiveStage && string.Equals(meta.Name, name, StringComparison.Ordinal))
            {
                return Path.GetFileName(directory);
            }
        }

        return null;
    }

    private string? FindRunDirectory(string runId)
    {
        if (runDirectories.TryGetValue(runId, out var cached) && Directory.Exists(cached))
        {
            return cached;
        }

        if (!Directory.Exists(RootDirectory))
        {
            return null;
        }

        foreach (var experimentDirectory in Directory.EnumerateDirectories(RootDirectory))
        {
            if (Path.GetFileName(experimentDirectory) == TrashFolderName)
            {
                continue;
            }

            var candidate = Path.Combine(experimentDirectory, runId);
            if (File.Exists(Path.Combine(candidate, MetaFileName)))
            {
                runDirectories[runId] = candidate;
                return candidate;
            }
        }

        return null;
    }

    private Task<string> RequireRunDirectoryAsync(string runId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        MlflowValidation.ValidateRunId(runId);
        return Task.FromResult(FindRunDirectory(runId)
            ?? throw new MlflowException(MlflowException.ResourceDoesNotExist, $"Run '{runId}' not found in '{RootDirectory}'."));
    }

    private static async Task WriteParamsAsync(
        string runId, string runDirectory, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        // Check every param before writing any, so a rejected batch leaves no params behind.
        var toWrite = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in parameters)
        {
            var existing = await AtomicFile.TryReadTextAsync(EntryPath(runDirectory, "params", key), cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                toWrite.Add(new(key, value));
            }
            else if (!string.Equals(existing, value, StringComparison.Ordinal))
            {
                throw ParamChanged(runId, key, existing, value);
            }
        }

        foreach (var (key, value) in toWrite)
        {
            var path = EntryPath(runDirectory, "params", key);
            CreateDirectory(Path.GetDirectoryName(path)!);
            if (!await AtomicFile.TryCreateTextAsync(path, value, runDirectory, cancellationToken).ConfigureAwait(false))
            {
                // Another process wrote it between the check and the create: same rule, same value allowed.
                var existing = await AtomicFile.TryReadTextAsync(path, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(existing, value, StringComparison.Ordinal))
                {
                    throw ParamChanged(runId, key, existing ?? string.Empty, value);
                }
            }
        }
    }

    private static MlflowException ParamChanged(string runId, string key, string existing, string attempted) =>
        new(MlflowException.InvalidParameterValue,
            $"Changing param values is not allowed. Param with key='{key}' was already logged with value='{existing}' for run ID='{runId}'. Attempted logging new value '{attempted}'.");

    private static async Task WriteTagAsync(string runDirectory, string key, string value, CancellationToken cancellationToken)
    {
        var path = EntryPath(runDirectory, "tags", key);
        CreateDirectory(Path.GetDirectoryName(path)!);
        await AtomicFile.WriteTextAsync(path, value, runDirectory, cancellationToken).ConfigureAwait(false);
    }

    private async Task AppendMetricsAsync(string runDirectory, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        var batch = new MetricAppendBatch(logger);
        try
        {
            foreach (var group in metrics.GroupBy(m => m.Key, StringComparer.Ordinal))
            {
                var lines = new StringBuilder();
                foreach (var metric in group)
                {
                    lines.Append(MetricLineFormat.Format(metric));
                }

                await batch.AppendAsync(EntryPath(runDirectory, "metrics", group.Key), lines.ToString(), cancellationToken).ConfigureAwait(false);
            }

            batch.Commit();
        }
        catch
        {
            if (!batch.Rollback())
            {
                // Lines of this batch may remain: the next write repairs the folder first, and the repeated batch skips them.
                repairedFolders.TryRemove(runDirectory, out _);
            }

            throw;
        }
    }

    /// <summary>Repairs a run folder the first time this store writes to it (see <see cref="RunFolderRepair"/>).</summary>
    private void EnsureRunRepaired(string runDirectory) =>
        EnsureRepaired(runDirectory, () => RunFolderRepair.Repair(runDirectory, logger));

    private void EnsureRepaired(string directory, Func<bool> repair)
    {
        if (!repairedFolders.ContainsKey(directory) && repair())
        {
            repairedFolders[directory] = true;
        }
    }

    private static void CreateDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
        {
            throw FileStoreFailure.Wrap(path, "create", exception);
        }
    }

    /// <summary>Removes a folder a failed creation left (MLflow would ignore it, but it is clutter); best effort.</summary>
    private static void TryDeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception exception) when (FileStoreFailure.IsIOFailure(exception))
        {
            // Read-only or failing: a folder without meta.yaml is ignored by MLflow, and a repeated keyed creation reuses it.
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadEntriesAsync(string folder, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return entries;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            entries[key] = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }

        return entries;
    }
}
