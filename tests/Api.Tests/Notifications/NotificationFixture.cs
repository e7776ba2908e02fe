using System.Text.Json.Nodes;
using Alba;
using Hsi.Domain.Alerts;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Hsi.Api.Tests.Notifications;

/// <summary>A host whose channels point at a real SMTP server and a real webhook receiver, both on loopback.</summary>
public sealed class NotificationFixture : HostFixture
{
    public const string Secret = "webhook-secret-canary";
    public const string SmtpPassword = "smtp-password-canary";
    public static readonly string[] Recipients = ["owner@example.test", "neighbour@example.test"];

    public SmtpReceiver Smtp { get; } = new();
    public WebhookReceiver Receiver { get; } = new();

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["WEBHOOK_URL"] = Receiver.Url("default"),
        ["WEBHOOK_SECRET"] = Secret,
        ["WEBHOOK_TIMEOUT_SECONDS"] = "5",
        // The receivers are on loopback.
        ["WEBHOOK_ALLOW_PRIVATE"] = "true",
        ["SMTP_HOST"] = "127.0.0.1",
        ["SMTP_PORT"] = Smtp.Port.ToString(),
        ["SMTP_USE_TLS"] = "false",
        ["SMTP_FROM"] = "HSI <hsi@example.test>",
        // Never used (no SMTP_USERNAME), and never shown.
        ["SMTP_PASSWORD"] = SmtpPassword,
        ["ALERT_EMAIL_TO"] = string.Join(",", Recipients),
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class NotificationCollection : ICollectionFixture<NotificationFixture>
{
    public const string Name = "notifications";
}

/// <summary>Base of the tests on the notification host: each starts from an empty store, notification DLQ, receiver and mailbox.</summary>
[Collection(NotificationCollection.Name)]
public abstract class NotificationTest(NotificationFixture app) : IAsyncLifetime
{
    protected NotificationFixture App { get; } = app;
    protected IAlbaHost Host => App.Host;

    public virtual async Task InitializeAsync()
    {
        await App.ResetAsync();
        App.Receiver.Clear();
        App.Smtp.Messages.Clear();
        // Dead letters outlive the store's reset.
        await Host.Scenario(s => { s.Delete.Url("/api/dlq/dlq:notification_queue"); s.StatusCodeShouldBeOk(); });
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An alert as the alert rules raise it (what h-alerts appends): on its own stream, then its delivery on the queue.</summary>
    protected async Task<AlertRaised> RaiseAsync(string channel, string? webhookUrl = null, long eventId = 7, IReadOnlyList<string>? objectTypes = null)
    {
        var alert = new AlertRaised(Guid.NewGuid(), Guid.NewGuid(), "Person at the door", eventId, "front_door", "Front door", "high",
            82, "high", "A person walks up to the door at night.", objectTypes ?? ["person"], "front_door", [channel], webhookUrl, null,
            DateTimeOffset.UtcNow);
        await using (var session = App.Store.LightweightSession())
        {
            session.Events.StartStream(StreamKey(alert.AlertId), alert);
            await session.SaveChangesAsync();
        }
        await PublishAsync(new DeliverAlert(alert.AlertId, channel));
        return alert;
    }

    protected async Task PublishAsync(DeliverAlert message)
    {
        using var scope = Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(message);
    }

    protected static string StreamKey(Guid alertId) => Hsi.Domain.Common.StreamKeys.Alert(alertId);

    protected async Task<IReadOnlyList<object>> EventsOfAsync(Guid alertId)
    {
        await using var session = App.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(StreamKey(alertId))).Select(e => e.Data)];
    }

    protected Task<IReadOnlyList<object>> WaitForAsync<T>(Guid alertId, TimeSpan timeout) =>
        Eventually.GetAsync(() => EventsOfAsync(alertId), events => events.OfType<T>().Any(), timeout, $"{typeof(T).Name} on alert {alertId}");

    protected async Task<JsonNode> TestAsync(object body, int status = 200) =>
        await Host.SendAsync(HttpMethod.Post, "/api/notification/test", body, status);
}
