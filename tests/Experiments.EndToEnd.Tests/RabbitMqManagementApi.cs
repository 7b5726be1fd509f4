using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Experiments.EndToEnd.Tests;

/// <summary>
/// Reads queue statistics from the RabbitMQ management plugin (port 15672 on the broker's host, the
/// AMQP URI's credentials): the publish counters prove messages really went through the broker.
/// </summary>
public sealed class RabbitMqManagementApi : IDisposable
{
    private readonly HttpClient _http;

    public RabbitMqManagementApi(Uri amqpUri)
    {
        ArgumentNullException.ThrowIfNull(amqpUri);
        var userInfo = Uri.UnescapeDataString(amqpUri.UserInfo is { Length: > 0 } info ? info : "guest:guest");
        _http = new HttpClient { BaseAddress = new Uri($"http://{amqpUri.Host}:15672/api/"), Timeout = TimeSpan.FromSeconds(10) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
    }

    /// <summary>Messages published to each queue of the default vhost since the queue was declared.</summary>
    public async Task<IReadOnlyDictionary<string, long>> GetPublishCountsAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri("queues/%2F", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var queue in document.RootElement.EnumerateArray())
        {
            var published = queue.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("publish", out var publish)
                ? publish.GetInt64()
                : 0;
            counts[queue.GetProperty("name").GetString()!] = published;
        }

        return counts;
    }

    public void Dispose() => _http.Dispose();
}
