using Experiments.Contracts.Trials;

namespace Experiments.Grains.Messaging;

/// <summary>How trial grains reach workers; the MassTransit implementation publishes to the bus.</summary>
public interface ITrialDispatcher
{
    Task DispatchAsync(StartTrial command, CancellationToken cancellationToken = default);

    Task CancelAsync(CancelTrial command, CancellationToken cancellationToken = default);
}
