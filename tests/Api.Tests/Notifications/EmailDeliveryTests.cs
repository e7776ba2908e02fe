using System.Text.Json.Nodes;
using Hsi.Api.Tests.Detections;
using Hsi.Domain.Alerts;
using MimeKit;
using SkiaSharp;

namespace Hsi.Api.Tests.Notifications;

public class EmailDeliveryTests(NotificationFixture app) : NotificationTest(app)
{
    [Fact]
    public async Task An_alerts_mail_reaches_the_recipients_with_the_events_person_thumbnail_attached()
    {
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        var securityEvent = await Eventually.GetAsync(() => Host.GetJsonAsync("/api/events"),
            e => e["items"]!.AsArray().Any(i => i!["risk_score"] is not null), TimeSpan.FromSeconds(90), "an assessed event");
        var eventId = securityEvent["items"]![0]!["id"]!.GetValue<long>();

        var alert = await RaiseAsync("email", eventId: eventId);
        await WaitForAsync<AlertDelivered>(alert.AlertId, TimeSpan.FromSeconds(60));

        var mail = Assert.Single(App.Smtp.Messages);
        Assert.Equal(NotificationFixture.Recipients, mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("hsi@example.test", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Contains("HIGH", mail.Subject);
        Assert.Contains("Front door", mail.Subject);
        Assert.Contains("risk 82", mail.Subject);
        Assert.Contains($"/api/events/{eventId}", mail.TextBody);
        var attachment = Assert.IsType<MimePart>(Assert.Single(mail.Attachments));
        Assert.Equal("image/jpeg", attachment.ContentType.MimeType);
        using var jpeg = new MemoryStream();
        await attachment.Content!.DecodeToAsync(jpeg);
        using var picture = SKBitmap.Decode(jpeg.ToArray()) ?? throw new Xunit.Sdk.XunitException("the attachment is not a JPEG");
        Assert.True(picture.Width is > 0 and <= 640, $"{picture.Width} px wide");
    }
}
