using Experiments.Grains.Sweeps;

namespace Experiments.Cli.Display;

/// <summary>Shows a running sweep; called with a fresh snapshot about twice a second.</summary>
public interface ISweepProgress
{
    Task RunAsync(Func<CancellationToken, Task<SweepSnapshot>> poll, CancellationToken cancellationToken);
}
