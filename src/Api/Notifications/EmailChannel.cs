using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Hsi.Api.Features.Detections;
using Hsi.Domain.Alerts;
using Hsi.Inference.Detection;
using Hsi.Inference.Media;
using Hsi.Projections.Detections;
using Hsi.Projections.SecurityEvents;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Hsi.Api.Notifications;

/// <summary>
/// The <c>email</c> channel: a plain-text mail through SMTP_HOST:SMTP_PORT to ALERT_EMAIL_TO, with the
/// thumbnail (box drawn) of the event's most confident detection attached as a JPEG. SMTP_USE_TLS=true
/// upgrades with STARTTLS when the server offers it (port 465: TLS from the first byte); false sends in
/// the clear. SMTP_USERNAME (with SMTP_PASSWORD) authenticates when set.
/// </summary>
public sealed class EmailChannel(HsiSettings settings, IDocumentStore store, MediaFiles files, ILogger<EmailChannel> logger) : INotificationChannel
{
    public const string ChannelName = "email";

    /// <summary>Each SMTP exchange (connect, command, data) may take this long.</summary>
    private static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Of a large event, the detections looked at for its picture.</summary>
    private const int MaxDetectionsConsidered = 500;

    public string Name => ChannelName;

    public bool IsConfigured => settings.SmtpHost is not null && settings.SmtpFrom is not null && settings.AlertEmailTo.Count > 0;

    public static string SubjectOf(AlertRaised alert) =>
        $"[HSI] {alert.Severity.ToUpperInvariant()} alert: {alert.CameraName}, risk {alert.RiskScore} ({alert.RiskLevel})";

    public async Task<ChannelOutcome> SendAsync(AlertRaised alert, ChannelOverrides? overrides, CancellationToken ct)
    {
        if (settings.SmtpHost is not { } host) return ChannelOutcome.Failure("SMTP_HOST is not set");
        if (settings.SmtpFrom is not { } from || !MailboxAddress.TryParse(from, out var sender))
            return ChannelOutcome.Failure("SMTP_FROM is not set to an e-mail address");
        var recipients = overrides?.EmailRecipients is { Count: > 0 } given ? given : settings.AlertEmailTo;
        if (recipients.Count == 0) return ChannelOutcome.Failure("No recipients: ALERT_EMAIL_TO is not set");
        var to = new List<MailboxAddress>();
        foreach (var recipient in recipients)
        {
            if (!MailboxAddress.TryParse(recipient, out var address)) return ChannelOutcome.Failure($"'{recipient}' is not an e-mail address");
            to.Add(address);
        }

        var message = new MimeMessage { Subject = SubjectOf(alert) };
        message.From.Add(sender);
        message.To.AddRange(to);
        var (picture, whyNone) = await PictureAsync(alert, ct);
        var body = new BodyBuilder { TextBody = TextOf(alert, whyNone) };
        if (picture is not null) body.Attachments.Add($"event-{alert.EventId}.jpg", picture, new ContentType("image", "jpeg"));
        message.Body = body.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)SmtpTimeout.TotalMilliseconds };
        try
        {
            var security = !settings.SmtpUseTls ? SecureSocketOptions.None
                : settings.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect
                : SecureSocketOptions.StartTlsWhenAvailable;
            await client.ConnectAsync(host, settings.SmtpPort, security, ct);
            if (settings.SmtpUsername is { } username) await client.AuthenticateAsync(username, settings.SmtpPassword ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
            return ChannelOutcome.Success();
        }
        catch (SmtpCommandException ex)
        {
            return ChannelOutcome.Failure($"The SMTP server {host}:{settings.SmtpPort} refused: {ex.Message}", (int)ex.StatusCode);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or SmtpProtocolException
                                       or AuthenticationException or SslHandshakeException or NotSupportedException)
        {
            return ChannelOutcome.Failure($"Could not send through {host}:{settings.SmtpPort}: {ex.Message}");
        }
    }

    private static string TextOf(AlertRaised alert, string? whyNoPicture)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{alert.Severity.ToUpperInvariant()} alert from {alert.CameraName} ({alert.CameraId})")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Rule: {alert.RuleName}")
            .AppendLine(CultureInfo.InvariantCulture, $"Risk: {alert.RiskScore} ({alert.RiskLevel})")
            .AppendLine(CultureInfo.InvariantCulture, $"Objects: {(alert.ObjectTypes.Count == 0 ? "none" : string.Join(", ", alert.ObjectTypes))}")
            .AppendLine(CultureInfo.InvariantCulture, $"When: {JsonDefaults.Format(alert.RaisedAt)}");
        if (alert.Summary is { Length: > 0 } summary) text.AppendLine().AppendLine(summary);
        text.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Event: /api/events/{alert.EventId}")
            .AppendLine(CultureInfo.InvariantCulture, $"Alert: /api/alerts/{alert.AlertId}");
        if (whyNoPicture is not null) text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"No picture attached: {whyNoPicture}.");
        return text.ToString();
    }

    /// <summary>The thumbnail of the event's most confident detection of an alerting type (else of any), or why there is none.</summary>
    private async Task<(byte[]? Jpeg, string? WhyNone)> PictureAsync(AlertRaised alert, CancellationToken ct)
    {
        if (TestNotification.Is(alert)) return (null, "a test notification has no event");
        await using var session = store.QuerySession();
        if (await session.LoadAsync<SecurityEventView>(alert.EventId, ct) is not { } securityEvent) return (null, "the event no longer exists");
        var detections = await session.LoadManyAsync<DetectionView>(ct, [.. securityEvent.DetectionIds.Take(MaxDetectionsConsidered)]);
        var best = detections.Where(d => alert.ObjectTypes.Contains(d.ObjectType)).MaxBy(d => d.Confidence)
                   ?? detections.MaxBy(d => d.Confidence);
        if (best is null) return (null, "the event has no detections");
        try
        {
            return (await File.ReadAllBytesAsync(await files.ThumbnailAsync(best, ct), ct), null);
        }
        catch (Exception ex) when (ex is CameraFileRefusedException or MediaUnreadableException or IOException)
        {
            logger.LogWarning("Alert {AlertId}: no thumbnail of detection {DetectionId}: {Reason}", alert.AlertId, best.Id, ex.Message);
            return (null, "the camera's picture is no longer available");
        }
    }
}
