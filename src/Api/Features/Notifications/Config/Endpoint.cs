using Hsi.Api.Notifications;

namespace Hsi.Api.Features.Notifications.Config;

/// <summary>The channels' settings as a client may see them: hosts, ports, recipients, never a password or a secret.</summary>
public sealed record Response(
    bool NotificationEnabled, bool EmailConfigured, bool WebhookConfigured, bool MqttConfigured, bool PushConfigured,
    IReadOnlyList<string> AvailableChannels, string? SmtpHost, int? SmtpPort, string? SmtpFromAddress, bool? SmtpUseTls,
    string? DefaultWebhookUrl, double? WebhookTimeoutSeconds, IReadOnlyList<string> DefaultEmailRecipients, string? MqttUrl);

public sealed class Endpoint(HsiSettings settings, IEnumerable<INotificationChannel> channels) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/notification/config");
        Summary(s => s.Summary = "Which notification channels are configured, and their settings without credentials");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var configured = channels.Where(c => c.IsConfigured).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        var smtp = settings.SmtpHost is not null;
        var webhook = configured.Contains(WebhookChannel.ChannelName);
        await Send.OkAsync(new Response(
            configured.Count > 0, configured.Contains(EmailChannel.ChannelName), webhook, configured.Contains("mqtt"), false,
            configured, settings.SmtpHost, smtp ? settings.SmtpPort : null, settings.SmtpFrom, smtp ? settings.SmtpUseTls : null,
            WithoutCredentials(settings.WebhookUrl), webhook ? settings.WebhookTimeoutSeconds : null, settings.AlertEmailTo,
            settings.MqttEnabled ? WithoutCredentials(settings.MqttUrl) : null), ct);
    }

    /// <summary>A URL without its user-info part (<c>user:password@</c>).</summary>
    public static string? WithoutCredentials(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
}
