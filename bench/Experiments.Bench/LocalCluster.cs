using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace Experiments.Bench;

/// <summary>
/// The README's cluster on this machine, from the Release build outputs: two silos on Redis and two CPU workers on
/// RabbitMQ, each its own process, in a fresh virtual host and under a fresh Orleans service id, with MLflow's file
/// store in <see cref="MlrunsDirectory"/>. Disposing kills every process and removes the virtual host and the
/// cluster's keys from Redis, also after a failure.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    public static readonly string SiloDll = Path.Combine("src", "Experiments.Silo", "bin", "Release", "net10.0", "Experiments.Silo.dll");
    public static readonly string WorkerDll = Path.Combine("src", "Experiments.Worker", "bin", "Release", "net10.0", "Experiments.Worker.dll");
    public const int SlotsPerWorker = 4;
    public const string Redis = "127.0.0.1:6379";

    private readonly List<ClusterProcess> processes = [];
    private readonly RabbitMqManagement management;
    private readonly PosixSignalRegistration[] signals;

    private LocalCluster(string root, RabbitMqManagement management)
    {
        this.management = management;
        Root = root;
        MlrunsDirectory = Path.Combine(root, "mlruns");
        ServiceId = "bench-" + Guid.NewGuid().ToString("N")[..12];
        VirtualHost = ServiceId;
        Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        Amqp = new Uri($"amqp://{Uri.EscapeDataString(management.User)}:{Uri.EscapeDataString(management.Password)}@127.0.0.1:5672/{VirtualHost}");

        // Ctrl-C or a kill of the benchmark must not leave four processes behind; the handlers let the default action go on.
        signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }.Select(signal => PosixSignalRegistration.Create(signal, _ => Abandon()))];
    }

    public string Root { get; }

    public string MlrunsDirectory { get; }

    /// <summary>Orleans' service and cluster id; also the prefix of every Redis key the silos write.</summary>
    public string ServiceId { get; }

    public string VirtualHost { get; }

    /// <summary>The API's write token (48 hex digits).</summary>
    public string Token { get; }

    public Uri Amqp { get; }

    public IReadOnlyList<Uri> SiloUrls { get; private set; } = [];

    public IReadOnlyList<ClusterProcess> Silos => processes.Where(p => p.Name.StartsWith("silo", StringComparison.Ordinal)).ToList();

    public IReadOnlyList<ClusterProcess> Workers => processes.Where(p => p.Name.StartsWith("worker", StringComparison.Ordinal)).ToList();

    /// <summary>Null when the build outputs are there, else what to run.</summary>
    public static string? MissingBuild() =>
        File.Exists(SiloDll) && File.Exists(WorkerDll)
            ? null
            : $"{SiloDll} or {WorkerDll} is missing: run `dotnet build Experiments.sln -c Release` from the repository root first";

    /// <summary>Starts the four processes and returns once both silos answer /alive and both workers consume start-trial.</summary>
    public static async Task<LocalCluster> StartAsync(string root, RabbitMqManagement management, TextWriter log, TimeSpan timeout)
    {
        var cluster = new LocalCluster(root, management);
        try
        {
            await management.CreateVirtualHostAsync(cluster.VirtualHost);
            await cluster.StartProcessesAsync(log, timeout);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessesAsync(TextWriter log, TimeSpan timeout)
    {
        var amqp = Amqp.ToString();
        SiloUrls = [new Uri($"http://127.0.0.1:{FreePort()}"), new Uri($"http://127.0.0.1:{FreePort()}")];
        for (var i = 0; i < SiloUrls.Count; i++)
        {
            processes.Add(ClusterProcess.Start($"silo-{i + 1}", SiloDll, Root, new Dictionary<string, string>
            {
                ["ConnectionStrings__redis"] = Redis,
                ["ConnectionStrings__rabbitmq"] = amqp,
                ["Orleans__ServiceId"] = ServiceId,
                ["Orleans__ClusterId"] = ServiceId,
                ["Orleans__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["ASPNETCORE_URLS"] = SiloUrls[i].ToString().TrimEnd('/'),
                ["Experiments__Api__WriteToken"] = Token,
                ["MLFLOW_TRACKING_URI"] = MlrunsDirectory,
                ["Tracking__Outbox__Directory"] = Path.Combine(Root, $"outbox-silo-{i + 1}"),
            }));
        }

        for (var i = 1; i <= 2; i++)
        {
            processes.Add(ClusterProcess.Start($"worker-{i}", WorkerDll, Root, new Dictionary<string, string>
            {
                ["ConnectionStrings__rabbitmq"] = amqp,
                ["MLFLOW_TRACKING_URI"] = MlrunsDirectory,
                ["Tracking__Outbox__Directory"] = Path.Combine(Root, $"outbox-worker-{i}"),
                ["Worker__Slots"] = SlotsPerWorker.ToString(CultureInfo.InvariantCulture),
                ["Worker__Device"] = "cpu",
                ["Worker__WorkerHost"] = $"worker-{i}",
                ["Worker__AllowCommands"] = "false",
            }));
        }

        await log.WriteLineAsync($"[bench] started {string.Join(", ", processes.Select(p => $"{p.Name} (pid {p.Id})"))}; logs in {Root}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (processes.FirstOrDefault(p => p.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"{exited.Name} exited while starting; the end of its log ({exited.LogPath}):{Environment.NewLine}{exited.Tail()}");
            }

            var alive = 0;
            foreach (var url in SiloUrls)
            {
                alive += await IsAliveAsync(http, url) ? 1 : 0;
            }

            var consumers = await management.ConsumerCountAsync(VirtualHost, "start-trial");
            if (alive == SiloUrls.Count && consumers == 2)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"after {timeout.TotalSeconds:F0} s {alive} of 2 silos answer /alive and start-trial has {consumers} of 2 consumers; logs in {Root}:{Environment.NewLine}{string.Join(Environment.NewLine, processes.Select(p => $"--- {p.Name}{Environment.NewLine}{p.Tail(10)}"))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var signal in signals)
        {
            signal.Dispose();
        }

        foreach (var process in processes)
        {
            process.Dispose();
        }

        if (!await management.DeleteVirtualHostAsync(VirtualHost))
        {
            await Console.Error.WriteLineAsync($"[bench] could not delete RabbitMQ virtual host '{VirtualHost}'; delete it with: rabbitmqctl delete_vhost {VirtualHost}");
        }

        await DeleteRedisKeysAsync();
    }

    /// <summary>On a signal: the processes and the virtual host go; Redis keys under a unique prefix may stay.</summary>
    private void Abandon()
    {
        foreach (var process in processes.ToList())
        {
            process.Kill();
        }

        management.DeleteVirtualHostAsync(VirtualHost).Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>Grain state, membership and reminders of this run: thousands of keys no later run reads.</summary>
    private async Task DeleteRedisKeysAsync()
    {
        try
        {
            using var redis = await ConnectionMultiplexer.ConnectAsync(Redis);
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            var database = redis.GetDatabase();
            var batch = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: ServiceId + "/*", pageSize: 1000))
            {
                batch.Add(key);
                if (batch.Count == 1000)
                {
                    await database.KeyDeleteAsync([.. batch]);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await database.KeyDeleteAsync([.. batch]);
            }
        }
        catch (RedisException exception)
        {
            await Console.Error.WriteLineAsync($"[bench] could not delete Redis keys '{ServiceId}/*': {exception.Message}");
        }
    }

    private static async Task<bool> IsAliveAsync(HttpClient http, Uri silo)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(silo, "/alive"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
