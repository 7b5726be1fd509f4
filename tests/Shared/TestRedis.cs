namespace Experiments.Testing;

/// <summary>
/// The Redis of the integration tests: EXPERIMENTS_TEST_REDIS (host:port), which <c>bash tests/run.sh</c> sets after
/// starting a local Redis. Without it the tests skip, except in CI, where a missing Redis means a broken test command.
/// </summary>
public static class TestRedis
{
    public const string Variable = "EXPERIMENTS_TEST_REDIS";

    public static string Require()
    {
        var redis = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(redis))
        {
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                $"{Variable} is not set although CI=true: the test command must start Redis and set it (bash tests/run.sh does both).");
            Assert.Skip($"{Variable} is not set. Run all tests with a local Redis via: bash tests/run.sh");
        }

        return redis;
    }
}
