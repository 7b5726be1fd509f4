namespace Experiments.Cli.Embedded;

/// <summary>
/// How the one-process cluster of <c>experiments run</c> is set up. <see cref="Workers"/> null means
/// as many worker slots as the spec runs trials in parallel.
/// </summary>
public sealed record EmbeddedClusterOptions(string StateDirectory, int? Workers, string? Device, bool Verbose);
