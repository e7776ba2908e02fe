using System.Text;
using Hsi.Api.Configuration;
using Hsi.Api.Notifications;

namespace Hsi.Api.Tests.Notifications;

/// <summary>The webhook channel on its own, with settings a test host does not have.</summary>
public class WebhookChannelTests
{
    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_body_as_any_hmac_library_computes_it()
    {
        // RFC 4231-style known answer, as Python's hmac.new(b"key", body, hashlib.sha256).hexdigest() gives it.
        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            WebhookChannel.Signature("key", Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog")));
    }

    [Fact]
    public async Task Without_WEBHOOK_ALLOW_PRIVATE_a_loopback_target_is_refused_when_sending_and_nothing_reaches_it()
    {
        await using var receiver = new WebhookReceiver();
        using var channel = new WebhookChannel(new HsiSettings { WebhookAllowPrivate = false, WebhookTimeoutSeconds = 5 });

        var outcome = await channel.SendAsync(TestNotification.Create(DateTimeOffset.UtcNow), new ChannelOverrides(receiver.Url("inside"), null), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("WEBHOOK_ALLOW_PRIVATE", outcome.Error);
        Assert.Empty(receiver.All);
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_a_failure_that_says_so()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var channel = new WebhookChannel(new HsiSettings { WebhookAllowPrivate = true, WebhookTimeoutSeconds = 1 });

        // Accepts the connection and never answers.
        var outcome = await channel.SendAsync(TestNotification.Create(DateTimeOffset.UtcNow), new ChannelOverrides($"http://127.0.0.1:{port}/slow", null), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("within 1 s", outcome.Error);
    }
}
