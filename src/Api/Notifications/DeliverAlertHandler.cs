using System.Diagnostics;
using Hsi.Domain.Alerts;
using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime;
using Wolverine.Runtime.Handlers;

namespace Hsi.Api.Notifications;

/// <summary>A channel's try failed; Wolverine retries the message, then dead-letters it.</summary>
public sealed class AlertDeliveryException(string channel, string reason, int? statusCode)
    : Exception($"{channel}: {reason}")
{
    public string Reason { get; } = reason;
    public int? StatusCode { get; } = statusCode;
}

/// <summary>
/// Delivers one alert over one channel (<see cref="DeliverAlert"/>, durable local queue
/// <c>notification</c>): reads the alert's events from <c>alert:&lt;id&gt;</c>, tries the channel once
/// and records the attempt (and the delivery) on the stream. A channel that delivered is never tried
/// again, so a message redelivered after a crash sends nothing once the delivery is recorded; what
/// remains is the moment between the receiver's answer and that record's commit (a receiver can drop
/// the repeat by its <c>X-HSI-Delivery</c> id). A failed try throws: retried after 1, 5 and 30 s
/// (each up to 20 % later, so many failed deliveries do not retry in step), then the message goes
/// to <c>dlq:notification_queue</c> and AlertDeliveryFailed is recorded.
/// </summary>
public sealed class DeliverAlertHandler
{
    public static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    private const int AppendAttempts = 5;

    public static void Configure(HandlerChain chain)
    {
        chain.OnException<Exception>()
            .ScheduleRetry(RetryDelays).WithBoundedJitter(0.2)
            .Then.MoveToErrorQueue().And(RecordFailureAsync, "record AlertDeliveryFailed");
    }

    public static async Task Handle(
        DeliverAlert message, IDocumentStore store, IEnumerable<INotificationChannel> channels, TimeProvider clock,
        ILogger<DeliverAlertHandler> logger, CancellationToken ct)
    {
        var delivery = await ReadAsync(store, message, ct);
        if (AlertDeliveryDecisions.WhyNotTry(delivery.State) is { } why)
        {
            logger.LogInformation("Alert {AlertId} is not sent over {Channel}: {Reason}", message.AlertId, message.Channel, why);
            return;
        }
        if (channels.FirstOrDefault(c => c.Name == message.Channel) is not { } channel)
        {
            // No retry brings a channel into being: recorded as given up at once.
            await RecordAsync(store, message, d => AlertDeliveryDecisions.RecordFailure(
                d, message.Channel, $"No channel named '{message.Channel}' is available", clock.GetUtcNow()), ct);
            return;
        }

        var watch = Stopwatch.StartNew();
        ChannelOutcome outcome;
        try
        {
            outcome = await channel.SendAsync(delivery.State.Raised!, null, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            outcome = ChannelOutcome.Failure(ex.Message);
        }
        var elapsed = watch.Elapsed;
        // Recorded whatever happens to the message next: this try is part of the alert's history.
        await RecordAsync(store, message, d => AlertDeliveryDecisions.RecordAttempt(
            d, channel.Name, outcome.Succeeded, outcome.Error, outcome.StatusCode, elapsed, clock.GetUtcNow()), CancellationToken.None);
        if (!outcome.Succeeded) throw new AlertDeliveryException(channel.Name, outcome.Error ?? "failed", outcome.StatusCode);
        logger.LogInformation("Alert {AlertId} delivered over {Channel} in {Ms} ms", message.AlertId, channel.Name, (int)elapsed.TotalMilliseconds);
    }

    /// <summary>The error continuation after the last retry, in a session of its own: the channel gave up.</summary>
    private static async ValueTask RecordFailureAsync(IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception error)
    {
        if (lifecycle.Envelope?.Message is not DeliverAlert message) return;
        var services = runtime.Services;
        var reason = error is AlertDeliveryException failed ? failed.Reason : error.Message;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await RecordAsync(services.GetRequiredService<IDocumentStore>(), message,
            d => AlertDeliveryDecisions.RecordFailure(d, message.Channel, reason, now), CancellationToken.None);
        services.GetRequiredService<ILogger<DeliverAlertHandler>>().LogWarning(
            "Alert {AlertId}: {Channel} gave up after its retries ({Reason}); the message is in dlq:notification_queue",
            message.AlertId, message.Channel, reason);
    }

    private sealed record Read(ChannelDelivery State, long Version);

    private static async Task<Read> ReadAsync(IDocumentStore store, DeliverAlert message, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await ReadAsync(session, message, ct);
    }

    private static async Task<Read> ReadAsync(IQuerySession session, DeliverAlert message, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamKeys.Alert(message.AlertId), token: ct);
        return new Read(ChannelDelivery.Of(events.Select(e => e.Data), message.Channel), events.Count == 0 ? 0 : events[^1].Version);
    }

    /// <summary>
    /// Reads, decides and appends with the version read; a write that raced (an acknowledgement, another
    /// channel's record) is read and decided again, never sent again.
    /// </summary>
    private static async Task RecordAsync(IDocumentStore store, DeliverAlert message, Func<ChannelDelivery, Decision> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var read = await ReadAsync(session, message, ct);
            var decision = decide(read.State);
            if (!decision.Succeeded || decision.Events.Count == 0) return;
            session.Events.Append(StreamKeys.Alert(message.AlertId), read.Version + decision.Events.Count, [.. decision.Events]);
            try
            {
                await session.SaveChangesAsync(ct);
                return;
            }
            catch (Exception ex) when (ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException && attempt < AppendAttempts)
            {
            }
        }
    }
}
