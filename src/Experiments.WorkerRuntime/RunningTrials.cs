using System.Collections.Concurrent;

namespace Experiments.WorkerRuntime;

/// <summary>
/// The attempts this worker is training, so a CancelTrial can reach them and a duplicate delivery of
/// an attempt already in progress here is not trained twice.
/// </summary>
public sealed class RunningTrials
{
    private readonly ConcurrentDictionary<(string TrialId, int Attempt), CancellationTokenSource> running = new();

    /// <summary>Returns null when the attempt is already running on this worker.</summary>
    public Registration? TryRegister(string trialId, int attempt, CancellationToken consumerToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(consumerToken);
        if (!running.TryAdd((trialId, attempt), source))
        {
            source.Dispose();
            return null;
        }

        return new Registration(this, (trialId, attempt), source);
    }

    /// <summary>Cancels the attempt if it runs here; returns whether it did.</summary>
    public bool Cancel(string trialId, int attempt)
    {
        if (running.TryGetValue((trialId, attempt), out var source))
        {
            source.Cancel();
            return true;
        }

        return false;
    }

    public int Count => running.Count;

    public sealed class Registration : IDisposable
    {
        private readonly RunningTrials owner;
        private readonly (string, int) key;
        private readonly CancellationTokenSource source;

        internal Registration(RunningTrials owner, (string, int) key, CancellationTokenSource source)
        {
            this.owner = owner;
            this.key = key;
            this.source = source;
        }

        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner.running.TryRemove(key, out _);
            source.Dispose();
        }
    }
}
