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
    public async Task<IReadOnlyDictionary<string, long>> GetPublishCountsAsync(string virtualHost, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"queues/{Uri.EscapeDataString(virtualHost)}", UriKind.Relative), cancellationToken);
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

    /// <summary>Creates a virtual host and grants <paramref name="user"/> everything on it: one broker, isolated tests.</summary>
    public async Task CreateVirtualHostAsync(string name, string user, CancellationToken cancellationToken)
    {
        var escaped = Uri.EscapeDataString(name);
        using (var created = await _http.PutAsync(new Uri($"vhosts/{escaped}", UriKind.Relative), JsonContent("{}"), cancellationToken))
        {
            created.EnsureSuccessStatusCode();
        }

        using var granted = await _http.PutAsync(
            new Uri($"permissions/{escaped}/{Uri.EscapeDataString(user)}", UriKind.Relative),
            JsonContent("{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}"),
            cancellationToken);
        granted.EnsureSuccessStatusCode();
    }

    public async Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync(new Uri($"vhosts/{Uri.EscapeDataString(name)}", UriKind.Relative), cancellationToken);
    }

    /// <summary>How many consumers a queue has, or 0 when it does not exist yet.</summary>
    public async Task<int> GetConsumerCountAsync(string virtualHost, string queue, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(
            new Uri($"queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}", UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return document.RootElement.TryGetProperty("consumers", out var consumers) ? consumers.GetInt32() : 0;
    }

    public void Dispose() => _http.Dispose();

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
