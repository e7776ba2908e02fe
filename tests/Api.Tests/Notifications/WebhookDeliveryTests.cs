using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Domain.Alerts;
using Wolverine.Tracking;

namespace Hsi.Api.Tests.Notifications;

public class WebhookDeliveryTests(NotificationFixture app) : NotificationTest(app)
{
    private static string Expected(byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(NotificationFixture.Secret), body));

    [Fact]
    public async Task A_receiver_answering_503_twice_then_200_gets_three_signed_posts_and_the_alert_is_delivered_once()
    {
        App.Receiver.On("flaky", n => new WebhookAnswer(n <= 2 ? 503 : 200));
        var alert = await RaiseAsync("webhook", App.Receiver.Url("flaky"));

        var events = await WaitForAsync<AlertDelivered>(alert.AlertId, TimeSpan.FromSeconds(90));

        var requests = App.Receiver.To("flaky");
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(Expected(r.Body), r.Signature));
        Assert.All(requests, r => Assert.Equal(alert.AlertId.ToString(), r.Delivery));
        var payload = JsonNode.Parse(requests[^1].Body)!;
        Assert.Equal(alert.AlertId.ToString(), payload.Str("id"));
        Assert.Equal(7, payload["event_id"]!.GetValue<long>());
        Assert.Equal("Person at the door", payload["rule"]!.Str("name"));
        Assert.Equal("front_door", payload["camera"]!.Str("id"));
        Assert.Equal(82, payload["risk_score"]!.GetValue<int>());
        Assert.Equal("high", payload.Str("severity"));
        Assert.Equal("person", payload["object_types"]![0]!.GetValue<string>());
        Assert.Equal("/api/events/7", payload["links"]!.Str("event"));

        var attempts = events.OfType<AlertDeliveryAttempted>().ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.Equal([false, false, true], attempts.Select(a => a.Succeeded));
        Assert.Equal([503, 503, 200], attempts.Select(a => a.StatusCode ?? 0));
        Assert.Contains("503", attempts[0].Error);
        var delivered = Assert.Single(events.OfType<AlertDelivered>());
        Assert.Equal("webhook", delivered.Channel);
        Assert.Empty(events.OfType<AlertDeliveryFailed>());

        var deliveries = await Eventually.GetAsync(() => Host.GetJsonAsync($"/api/alerts/{alert.AlertId}/deliveries"),
            d => d["items"]!.AsArray().Count == 3, TimeSpan.FromSeconds(30), "three attempts listed");
        Assert.Equal([503, 503, 200], deliveries["items"]!.AsArray().Select(a => a!["status_code"]!.GetValue<int>()));
        Assert.Equal("delivered", deliveries.Str("status"));
    }

    [Fact]
    public async Task A_delivery_message_handled_again_after_the_delivery_sends_nothing()
    {
        var alert = await RaiseAsync("webhook", App.Receiver.Url("once"));
        await WaitForAsync<AlertDelivered>(alert.AlertId, TimeSpan.FromSeconds(60));

        // What a redelivery after a crash looks like: the same message once more, through the queue.
        await Host.SendMessageAndWaitAsync(new DeliverAlert(alert.AlertId, "webhook"));

        Assert.Single(App.Receiver.To("once"));
        var events = await EventsOfAsync(alert.AlertId);
        Assert.Single(events.OfType<AlertDeliveryAttempted>());
        Assert.Single(events.OfType<AlertDelivered>());
    }

    [Fact]
    public async Task A_receiver_that_always_fails_gets_the_alert_dead_lettered_and_a_requeue_after_the_fix_delivers_it()
    {
        var failing = true;
        App.Receiver.On("down", _ => new WebhookAnswer(failing ? 500 : 200));
        // Other queues may hold dead letters of earlier work; this delivery adds one to the total.
        var totalBefore = (await Host.GetJsonAsync("/api/dlq/stats"))["total_count"]!.GetValue<int>();
        var alert = await RaiseAsync("webhook", App.Receiver.Url("down"));

        // 1 + 3 retries (1 s, 5 s, 30 s, each up to 20 % later).
        var events = await WaitForAsync<AlertDeliveryFailed>(alert.AlertId, TimeSpan.FromSeconds(150));
        Assert.Equal(4, events.OfType<AlertDeliveryAttempted>().Count());
        Assert.Contains("500", Assert.Single(events.OfType<AlertDeliveryFailed>()).Error);
        Assert.Empty(events.OfType<AlertDelivered>());

        var jobs = await Eventually.GetAsync(() => Host.GetJsonAsync("/api/dlq/jobs/dlq:notification_queue"),
            j => j["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(30), "the delivery in dlq:notification_queue");
        var job = jobs["items"]![0]!;
        Assert.Equal(alert.AlertId.ToString(), job["original_job"]!.Str("alert_id"));
        Assert.Equal("webhook", job["original_job"]!.Str("channel"));
        Assert.Equal("notification_queue", job.Str("queue_name"));
        Assert.Contains("500", job.Str("error"));
        var stats = await Host.GetJsonAsync("/api/dlq/stats");
        Assert.Equal(1, stats["notification_queue_count"]!.GetValue<int>());
        Assert.Equal(totalBefore + 1, stats["total_count"]!.GetValue<int>());

        failing = false;
        await Host.SendAsync(HttpMethod.Post, "/api/dlq/requeue/dlq:notification_queue");
        events = await WaitForAsync<AlertDelivered>(alert.AlertId, TimeSpan.FromSeconds(90));
        Assert.Equal(5, events.OfType<AlertDeliveryAttempted>().Last().Attempt);
        await Eventually.GetAsync(() => Host.GetJsonAsync("/api/dlq/stats"), s => s["notification_queue_count"]!.GetValue<int>() == 0,
            TimeSpan.FromSeconds(60), "an empty dlq:notification_queue");
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed_and_one_to_the_same_host_is()
    {
        await using var elsewhere = new WebhookReceiver("127.0.0.2");
        App.Receiver.On("away", _ => new WebhookAnswer(302, elsewhere.Url("landed")));
        var away = await TestAsync(new { channel = "webhook", webhook_url = App.Receiver.Url("away") });
        Assert.False(away["success"]!.GetValue<bool>());
        Assert.Contains("another host", away.Str("error"));
        Assert.Empty(elsewhere.All);

        App.Receiver.On("moved", _ => new WebhookAnswer(307, App.Receiver.Url("landing")));
        var moved = await TestAsync(new { channel = "webhook", webhook_url = App.Receiver.Url("moved") });
        Assert.True(moved["success"]!.GetValue<bool>(), moved.ToJsonString());
        var landed = Assert.Single(App.Receiver.To("landing"));
        Assert.Equal(Expected(landed.Body), landed.Signature);
    }
}
