namespace Experiments.Contracts.Api;

/// <summary>Trials <paramref name="Offset"/> to <paramref name="Offset"/> + <paramref name="Limit"/> - 1 of a sweep, by number, of <paramref name="Total"/>.</summary>
public sealed record TrialPage(Guid SweepId, int Total, int Offset, int Limit, IReadOnlyList<TrialDetail> Trials);
