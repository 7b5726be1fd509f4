namespace Experiments.Cli.Tests;

/// <summary>The bearer tokens the test cluster is configured with, and one it is not.</summary>
public static class ApiTokens
{
    public const string Read = "read-token-7d3e1b9a5c2f4e86";

    public const string Write = "write-token-2a6c8e0f4b1d9e37";

    public const string Unknown = "wrong-token-9e5b3d7f1c4a8e62";
}
