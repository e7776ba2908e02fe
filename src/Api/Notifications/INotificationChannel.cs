using Hsi.Domain.Alerts;

namespace Hsi.Api.Notifications;

/// <summary>What one try of a channel came to; <see cref="Error"/> says why it failed, in words a user can act on.</summary>
public record ChannelOutcome(bool Succeeded, string? Error, int? StatusCode = null)
{
    public static ChannelOutcome Success(int? statusCode = null) => new(true, null, statusCode);
    public static ChannelOutcome Failure(string error, int? statusCode = null) => new(false, error, statusCode);
}

/// <summary>Where a test notification goes instead of the configured target.</summary>
public record ChannelOverrides(string? WebhookUrl, IReadOnlyList<string>? EmailRecipients);

/// <summary>
/// One way out of the system (webhook, email, mqtt). Delivery retries are Wolverine's, so a channel
/// tries once and says how it went; it never throws for a peer that refused or timed out.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The channel's name in rules and in <c>/api/notification/test</c>: <c>webhook</c>, <c>email</c>, <c>mqtt</c>.</summary>
    string Name { get; }

    /// <summary>Whether the settings it needs are present (<c>/api/notification/config</c>).</summary>
    bool IsConfigured { get; }

    Task<ChannelOutcome> SendAsync(AlertRaised alert, ChannelOverrides? overrides, CancellationToken ct);
}
