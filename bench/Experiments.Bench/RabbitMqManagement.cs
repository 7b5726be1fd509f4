using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Experiments.Bench;

/// <summary>
/// The RabbitMQ management plugin's HTTP API (port 15672, guest): whether the broker answers, a virtual host of its own
/// for one benchmark run (created, then deleted with every queue in it), and how many consumers a queue has.
/// </summary>
internal sealed class RabbitMqManagement : IDisposable
{
    private readonly HttpClient http;

    public RabbitMqManagement(string host = "127.0.0.1", string user = "guest", string password = "guest")
    {
        User = user;
        Password = password;
        http = new HttpClient { BaseAddress = new Uri($"http://{host}:15672/api/"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    public string User { get; }

    public string Password { get; }

    public async Task<bool> AnswersAsync()
    {
        try
        {
            using var response = await http.GetAsync(new Uri("overview", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>"RabbitMQ 3.10.8 (Erlang 25.2)" from the overview, or null.</summary>
    public async Task<string?> VersionAsync()
    {
        try
        {
            using var response = await http.GetAsync(new Uri("overview", UriKind.Relative));
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = document.RootElement;
            return root.TryGetProperty("rabbitmq_version", out var version)
                ? $"{version.GetString()}{(root.TryGetProperty("erlang_version", out var erlang) ? $" (Erlang {erlang.GetString()})" : string.Empty)}"
                : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    public async Task CreateVirtualHostAsync(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        using (var created = await http.PutAsync(new Uri($"vhosts/{escaped}", UriKind.Relative), Json("{}")))
        {
            created.EnsureSuccessStatusCode();
        }

        using var granted = await http.PutAsync(
            new Uri($"permissions/{escaped}/{Uri.EscapeDataString(User)}", UriKind.Relative),
            Json("""{"configure":".*","write":".*","read":".*"}"""));
        granted.EnsureSuccessStatusCode();
    }

    /// <summary>Deletes the virtual host; false (never an exception) when the broker did not agree, so cleanup goes on.</summary>
    public async Task<bool> DeleteVirtualHostAsync(string name)
    {
        try
        {
            using var response = await http.DeleteAsync(new Uri($"vhosts/{Uri.EscapeDataString(name)}", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>How many consumers a queue has; 0 when it does not exist yet.</summary>
    public async Task<int> ConsumerCountAsync(string virtualHost, string queue)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                return 0;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.TryGetProperty("consumers", out var consumers) ? consumers.GetInt32() : 0;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    public void Dispose() => http.Dispose();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
