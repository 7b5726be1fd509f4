namespace Experiments.Api.Tests;

/// <summary>The bearer tokens the test hosts are configured with, and one they are not.</summary>
public static class ApiTokens
{
    public const string Read = "read-token-5c1f0e2a9b7d4c38";

    public const string Write = "write-token-8e4b2d6f1a3c9e70";

    public const string Unknown = "wrong-token-2f9a7c1e5b3d8a64";

    public static IReadOnlyList<string> All { get; } = [Read, Write, Unknown];
}
