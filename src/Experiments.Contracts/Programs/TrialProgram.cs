namespace Experiments.Contracts.Programs;

/// <summary>
/// The user's own training program that every trial of a <c>command</c> sweep runs (the spec's <c>command:</c>),
/// carried unchanged from spec to worker. <see cref="Arguments"/> are templates: <c>{name}</c> takes a parameter's
/// value or one of <see cref="ProgramPlaceholders.BuiltIn"/>, <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
/// <param name="Arguments">The program and its arguments; run directly, not through a shell.</param>
/// <param name="WorkingDirectory">Absolute folder the program runs in (the spec's folder unless it names another).</param>
public sealed record TrialProgram(IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    public static readonly TimeSpan DefaultStopGracePeriod = TimeSpan.FromSeconds(10);

    /// <summary>Environment variables set for the program besides the ones every trial gets.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How long a program told to stop (SIGTERM) has before it is killed (SIGKILL).</summary>
    public TimeSpan StopGracePeriod { get; init; } = DefaultStopGracePeriod;
}
