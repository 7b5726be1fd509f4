using Experiments.Contracts.Trials;
using Experiments.Contracts.Workers;

namespace Experiments.Grains.Workers;

public sealed class WorkerRegistryGrain(TimeProvider clock) : Grain, IWorkerRegistryGrain
{
    private readonly Dictionary<string, WorkerAvailable> workers = new(StringComparer.Ordinal);

    private DateTimeOffset activatedAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        activatedAt = clock.GetUtcNow();
        return base.OnActivateAsync(cancellationToken);
    }

    public Task OnAnnouncedAsync(WorkerAvailable worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        // Keyed by host: a restarted worker replaces its earlier self. Its own clock may differ: stamp it on arrival.
        workers[worker.WorkerHost] = worker with { At = clock.GetUtcNow() };
        return Task.CompletedTask;
    }

    public Task<string?> FindUnmetAsync(ResourceRequirement requirement, TimeSpan seenWithin)
    {
        var now = clock.GetUtcNow();
        if (now - activatedAt < seenWithin)
        {
            // Announcements made before this activation are not here yet: not knowing is not "none".
            return Task.FromResult<string?>(null);
        }

        var seen = Seen(seenWithin);
        if (seen.Any(w => Satisfies(w, requirement)))
        {
            return Task.FromResult<string?>(null);
        }

        var wanted = requirement switch
        {
            ResourceRequirement.Gpu => "no worker with a GPU",
            ResourceRequirement.Cpu => "no CPU worker",
            _ => "no worker",
        };
        var others = seen.Count == 0
            ? "none at all; start workers (src/Experiments.Worker) on the cluster's RabbitMQ"
            : string.Join(", ", seen.GroupBy(w => w.Kind).Select(g => $"{g.Count()} {(g.Key == WorkerKind.Gpu ? "GPU" : "CPU")} worker(s)"));
        return Task.FromResult<string?>(
            $"waiting: {wanted} has been seen in the last {seenWithin.TotalSeconds:F0} s (seen: {others}); the trials wait in queue {StartTrialQueues.For(requirement)}");
    }

    public Task<IReadOnlyList<WorkerAvailable>> GetWorkersAsync(TimeSpan seenWithin) => Task.FromResult(Seen(seenWithin));

    private IReadOnlyList<WorkerAvailable> Seen(TimeSpan seenWithin)
    {
        var since = clock.GetUtcNow() - seenWithin;
        return workers.Values.Where(w => w.At >= since).OrderBy(w => w.WorkerHost, StringComparer.Ordinal).ToList();
    }

    private static bool Satisfies(WorkerAvailable worker, ResourceRequirement requirement) => requirement switch
    {
        ResourceRequirement.Gpu => worker.Kind == WorkerKind.Gpu,
        ResourceRequirement.Cpu => worker.Kind == WorkerKind.Cpu,
        _ => true,
    };
}
