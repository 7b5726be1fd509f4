using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Contracts.Api;

/// <summary>
/// One line of a leaderboard: a completed trial with its <paramref name="Rank"/>, or a pruned one
/// (<paramref name="Pruned"/>, no rank) with the objective it had reached when it was stopped.
/// </summary>
public sealed record LeaderboardEntry(
    int? Rank,
    int TrialNumber,
    string TrialId,
    string Status,
    bool Pruned,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? Objective,
    int Epoch,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    string? RunKey);
