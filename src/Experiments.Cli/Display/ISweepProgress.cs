namespace Experiments.Cli.Display;

/// <summary>Shows a running sweep; called with a fresh view of it about twice a second (the poll may take longer).</summary>
public interface ISweepProgress
{
    Task RunAsync(Func<CancellationToken, Task<SweepView>> poll, CancellationToken cancellationToken);
}
