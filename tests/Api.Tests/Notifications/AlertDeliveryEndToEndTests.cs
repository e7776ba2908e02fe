using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.Notifications;

public class AlertDeliveryEndToEndTests(NotificationFixture app) : NotificationTest(app)
{
    [Fact]
    public async Task A_rule_with_the_webhook_and_email_channels_delivers_a_person_alert_over_both_and_lists_the_attempts()
    {
        var rule = await Host.SendAsync(HttpMethod.Post, "/api/alerts/rules", new
        {
            name = "Person at the front door", severity = "high", object_types = new[] { "person" },
            channels = new[] { "webhook", "email" }, webhook_url = App.Receiver.Url("rule"),
        }, 201);

        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));

        var request = (await Eventually.GetAsync(() => Task.FromResult(App.Receiver.To("rule")), r => r.Count > 0, TimeSpan.FromSeconds(120), "the rule's webhook"))[0];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(NotificationFixture.Secret), request.Body));
        Assert.Equal(expected, request.Signature);
        var payload = JsonNode.Parse(request.Body)!;
        Assert.Equal(rule.Str("id"), payload["rule"]!.Str("id"));
        Assert.Contains("person", payload["object_types"]!.AsArray().Select(t => t!.GetValue<string>()));
        var alertId = payload.Str("id");

        var deliveries = await Eventually.GetAsync(() => Host.GetJsonAsync($"/api/alerts/{alertId}/deliveries"),
            d => d["items"]!.AsArray().Count(a => a!["succeeded"]!.GetValue<bool>()) == 2, TimeSpan.FromSeconds(60), "both channels delivered");
        Assert.Equal(["email", "webhook"], deliveries["items"]!.AsArray().Select(a => a!.Str("channel")).Order());
        Assert.Equal("delivered", deliveries.Str("status"));
        var mail = Assert.Single(App.Smtp.Messages);
        Assert.Equal("image/jpeg", Assert.Single(mail.Attachments).ContentType.MimeType);
        Assert.Single(App.Receiver.To("rule"));
    }
}
