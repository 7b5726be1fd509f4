namespace Experiments.Cli.Embedded;

/// <summary>How the one-process cluster of <c>experiments run</c> is set up.</summary>
public sealed record EmbeddedClusterOptions(string StateDirectory, int Workers, string? Device, bool Verbose);
