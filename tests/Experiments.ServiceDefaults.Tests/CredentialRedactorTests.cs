using Experiments.ServiceDefaults.Logging;

namespace Experiments.ServiceDefaults.Tests;

public sealed class CredentialRedactorTests
{
    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:5672/", "amqp://***@127.0.0.1:5672/")]
    [InlineData("connect to http://token@host/x failed", "connect to http://***@host/x failed")]
    [InlineData("GET http://h/api?token=abc", "GET http://h/api?token=***")]
    [InlineData("GET http://h/api?run_id=1&access_token=abc&x=2", "GET http://h/api?run_id=1&access_token=***&x=2")]
    [InlineData("(https://s3/b/o?X-Amz-Signature=f00&X-Amz-Credential=k%2F1)", "(https://s3/b/o?X-Amz-Signature=***&X-Amz-Credential=***)")]
    [InlineData("https://h/q?api_key=1&key=2&sig=3", "https://h/q?api_key=***&key=***&sig=***")]
    [InlineData("Authorization: Bearer eyJhbGciOi.payload.sig", "Authorization: Bearer ***")]
    [InlineData("Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic ***")]
    public void Secrets_are_replaced(string text, string expected) =>
        Assert.Equal(expected, CredentialRedactor.Redact(text));

    [Theory]
    [InlineData("GET http://mlflow:5000/api/2.0/mlflow/experiments/get-by-name?experiment_name=vae-mnist")]
    [InlineData("mail ops@example.com about http://host/path")]
    [InlineData("basic settings applied; bearer of bad news")]
    [InlineData("https://h/q?monkey=1&keyboard=2")]
    [InlineData("/data/mlruns/1/run@2/meta.yaml")]
    public void Text_without_secrets_is_unchanged(string text) =>
        Assert.Equal(text, CredentialRedactor.Redact(text));
}
