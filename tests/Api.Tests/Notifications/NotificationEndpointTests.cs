using System.Text.Json.Nodes;
using Alba;

namespace Hsi.Api.Tests.Notifications;

public class NotificationEndpointTests(NotificationFixture app) : NotificationTest(app)
{
    [Fact]
    public async Task The_config_names_the_configured_channels_and_their_targets_and_no_secret()
    {
        var result = await Host.Scenario(s => { s.Get.Url("/api/notification/config"); s.StatusCodeShouldBeOk(); });
        var text = await result.ReadAsTextAsync();
        Assert.DoesNotContain(NotificationFixture.Secret, text);
        Assert.DoesNotContain(NotificationFixture.SmtpPassword, text);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);

        var config = JsonNode.Parse(text)!;
        Assert.True(config["notification_enabled"]!.GetValue<bool>());
        Assert.True(config["email_configured"]!.GetValue<bool>());
        Assert.True(config["webhook_configured"]!.GetValue<bool>());
        Assert.False(config["push_configured"]!.GetValue<bool>());
        Assert.Equal(["email", "webhook"], config["available_channels"]!.AsArray().Select(c => c!.GetValue<string>()).Where(c => c != "mqtt"));
        Assert.Equal("127.0.0.1", config.Str("smtp_host"));
        Assert.Equal(App.Smtp.Port, config["smtp_port"]!.GetValue<int>());
        Assert.False(config["smtp_use_tls"]!.GetValue<bool>());
        Assert.Equal("HSI <hsi@example.test>", config.Str("smtp_from_address"));
        Assert.Equal(App.Receiver.Url("default"), config.Str("default_webhook_url"));
        Assert.Equal(5, config["webhook_timeout_seconds"]!.GetValue<double>());
        Assert.Equal(NotificationFixture.Recipients, config["default_email_recipients"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(config["mqtt_url"]);
    }

    [Fact]
    public void A_broker_or_webhook_url_is_shown_without_its_credentials()
    {
        var shown = Features.Notifications.Config.Endpoint.WithoutCredentials("mqtt://hsi:broker-password@10.0.0.5:1883");
        Assert.DoesNotContain("broker-password", shown);
        Assert.StartsWith("mqtt://10.0.0.5:1883", shown);
    }

    [Fact]
    public async Task A_test_webhook_reaches_the_receiver_and_one_to_a_receiver_that_is_down_says_why_it_failed()
    {
        var sent = await TestAsync(new { channel = "webhook" });
        Assert.True(sent["success"]!.GetValue<bool>(), sent.ToJsonString());
        Assert.Equal("webhook", sent.Str("channel"));
        var request = Assert.Single(App.Receiver.To("default"));
        Assert.True(JsonNode.Parse(request.Body)!["test"]!.GetValue<bool>());

        var down = $"http://127.0.0.1:{WebhookReceiver.FreePort()}/hook";
        var failed = await TestAsync(new { channel = "webhook", webhook_url = down });
        Assert.False(failed["success"]!.GetValue<bool>());
        Assert.Contains("Could not reach", failed.Str("error"));
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://example.com/")]
    [InlineData("not a url")]
    public async Task A_test_to_a_url_a_webhook_may_not_reach_is_422(string url)
    {
        var refused = await TestAsync(new { channel = "webhook", webhook_url = url }, 422);
        Assert.Equal("webhook_url", refused["detail"]![0]!["loc"]![1]!.GetValue<string>());
        Assert.Empty(App.Receiver.All);
    }

    [Fact]
    public async Task A_test_of_an_unknown_channel_or_with_a_bad_recipient_is_422()
    {
        var unknown = await TestAsync(new { channel = "carrier_pigeon" }, 422);
        Assert.Equal("channel", unknown["detail"]![0]!["loc"]![1]!.GetValue<string>());
        await TestAsync(new { }, 422);
        var recipient = await TestAsync(new { channel = "email", email_recipients = new[] { "not an address" } }, 422);
        Assert.Contains("email_recipients", recipient["detail"]![0]!["loc"]![1]!.GetValue<string>());
        await TestAsync(new { channel = "email", email_recipients = Enumerable.Range(0, 10_000).Select(i => $"a{i}@example.test") }, 422);
        Assert.Empty(App.Smtp.Messages);
    }

    [Fact]
    public async Task A_test_email_reaches_the_given_recipient()
    {
        var sent = await TestAsync(new { channel = "email", email_recipients = new[] { "tester@example.test" } });
        Assert.True(sent["success"]!.GetValue<bool>(), sent.ToJsonString());
        var mail = await Eventually.GetAsync(() => Task.FromResult(App.Smtp.Messages.LastOrDefault()), m => m is not null, TimeSpan.FromSeconds(30), "the test mail");
        Assert.Equal("tester@example.test", Assert.Single(mail!.To.Mailboxes).Address);
        Assert.Contains("Test camera", mail.Subject);
    }
}
