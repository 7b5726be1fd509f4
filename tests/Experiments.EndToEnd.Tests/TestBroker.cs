namespace Experiments.EndToEnd.Tests;

/// <summary>
/// The RabbitMQ broker of the integration tests: EXPERIMENTS_TEST_RABBITMQ (an amqp:// URI), which
/// <c>bash tests/run.sh</c> sets after starting a local broker. Without it the tests skip, except
/// in CI, where a missing broker means a broken test command.
/// </summary>
public static class TestBroker
{
    public const string Variable = "EXPERIMENTS_TEST_RABBITMQ";

    public static Uri RequireUri()
    {
        var broker = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(broker))
        {
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                $"{Variable} is not set although CI=true: the test command must start RabbitMQ and set it (bash tests/run.sh does both).");
            Assert.Skip($"{Variable} is not set. Run all tests with a local RabbitMQ via: bash tests/run.sh");
        }

        return new Uri(broker);
    }
}
