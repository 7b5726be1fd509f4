namespace Experiments.Messaging;

/// <summary>
/// Which transport carries trial messages. The RabbitMQ connection string comes from
/// configuration (<c>ConnectionStrings:rabbitmq</c>, env <c>ConnectionStrings__rabbitmq</c>),
/// e.g. <c>amqp://user:password@host:5672/vhost</c>; without it the in-memory transport is used.
/// </summary>
public sealed class MessageBusOptions
{
    public const string RabbitMqConnectionStringName = "rabbitmq";

    public string? RabbitMqConnectionString { get; set; }

    public bool UsesRabbitMq => !string.IsNullOrWhiteSpace(RabbitMqConnectionString);
}
