using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Experiments.Bench;

/// <summary>
/// The broker's floor on this machine: a request/response round trip through RabbitMQ with the raw client, no
/// MassTransit. A requester connection publishes to a queue, a responder connection consumes it and publishes to the
/// requester's reply queue; one message in flight at a time, transient messages, auto-ack, no publisher confirms
/// (MassTransit adds serialization, durable queues and confirms on top of this).
/// </summary>
internal static class RabbitMqRoundTrip
{
    /// <summary>Milliseconds per round trip, sorted, after <paramref name="warmup"/> unmeasured ones.</summary>
    public static async Task<double[]> MeasureAsync(Uri amqp, int warmup, int count)
    {
        var factory = new ConnectionFactory { Uri = amqp };
        await using var requesterConnection = await factory.CreateConnectionAsync("bench-rtt-requester");
        await using var responderConnection = await factory.CreateConnectionAsync("bench-rtt-responder");
        await using var requester = await requesterConnection.CreateChannelAsync();
        await using var responder = await responderConnection.CreateChannelAsync();
        var requests = (await responder.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
        var replies = (await requester.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;

        var echo = new AsyncEventingBasicConsumer(responder);
        echo.ReceivedAsync += async (_, delivery) => await responder.BasicPublishAsync(string.Empty, replies, delivery.Body.ToArray());
        await responder.BasicConsumeAsync(requests, autoAck: true, echo);

        TaskCompletionSource? answered = null;
        var listener = new AsyncEventingBasicConsumer(requester);
        listener.ReceivedAsync += (_, _) =>
        {
            answered?.TrySetResult();
            return Task.CompletedTask;
        };
        await requester.BasicConsumeAsync(replies, autoAck: true, listener);

        var body = new byte[64];
        var times = new List<double>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var clock = Stopwatch.StartNew();
            await requester.BasicPublishAsync(string.Empty, requests, body);
            await answered.Task.WaitAsync(TimeSpan.FromSeconds(10));
            if (i >= warmup)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return [.. times.Order()];
    }
}
