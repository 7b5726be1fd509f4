namespace Experiments.Contracts.Api;

/// <summary>Why a sweep is stopped; recorded as its reason and on its killed trials.</summary>
public sealed record StopSweepRequest(string? Reason = null);
