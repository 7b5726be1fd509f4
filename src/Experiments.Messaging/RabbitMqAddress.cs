namespace Experiments.Messaging;

/// <summary>An <c>amqp://user:password@host:port/vhost</c> connection string, taken apart.</summary>
public sealed record RabbitMqAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
{
    public static RabbitMqAddress Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            // Never echo the value: it may hold a password.
            throw new FormatException(
                "ConnectionStrings:rabbitmq must be an absolute amqp:// URI such as amqp://user:password@host:5672/vhost.");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var username = userInfo.Length > 0 && userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : "guest";
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest";
        var virtualHost = uri.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (ushort)(uri.Scheme == "amqps" ? 5671 : 5672) : (ushort)uri.Port;
        return new RabbitMqAddress(uri.Host, port, virtualHost, username, password);
    }

    public override string ToString() => $"amqp://{Username}:***@{Host}:{Port}/{VirtualHost}";
}
