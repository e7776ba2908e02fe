using FluentValidation;
using Hsi.Api.Notifications;
using MimeKit;

namespace Hsi.Api.Features.Notifications.Test;

public sealed class Request
{
    /// <summary><c>webhook</c>, <c>email</c> or <c>mqtt</c>.</summary>
    public string? Channel { get; set; }

    /// <summary>Instead of ALERT_EMAIL_TO (email only).</summary>
    public List<string>? EmailRecipients { get; set; }

    /// <summary>Instead of WEBHOOK_URL (webhook only); http or https, and no private address unless WEBHOOK_ALLOW_PRIVATE.</summary>
    public string? WebhookUrl { get; set; }
}

public sealed record Response(string Channel, bool Success, string? Error, string Message);

public sealed class Validator : Validator<Request>
{
    public static readonly string[] Channels = [WebhookChannel.ChannelName, EmailChannel.ChannelName, "mqtt"];
    public const int MaxRecipients = 20;
    private const int MaxAddressLength = 254;

    public Validator(HsiSettings settings)
    {
        RuleFor(r => r.Channel).NotEmpty().WithMessage("Field required")
            .Must(c => c is null || Channels.Contains(c)).WithMessage($"Input should be one of {string.Join(", ", Channels)}");
        RuleFor(r => r.EmailRecipients).Must(r => r is null || r.Count <= MaxRecipients).WithMessage($"At most {MaxRecipients} recipients");
        RuleForEach(r => r.EmailRecipients)
            .Must(a => a is { Length: > 0 and <= MaxAddressLength } && MailboxAddress.TryParse(a, out var m) && m.Address.Contains('@'))
            .WithMessage("Must be an e-mail address");
        RuleFor(r => r.WebhookUrl!)
            .Must(u => WebhookTarget.Validate(u, settings.WebhookAllowPrivate) is null)
            .WithMessage(u => WebhookTarget.Validate(u.WebhookUrl!, settings.WebhookAllowPrivate)!)
            .When(r => r.WebhookUrl is not null);
    }
}

/// <summary>
/// Sends a made-up alert through one channel now, to the given or the configured target, and answers
/// what really happened: 200 with <c>success: false</c> and the reason when the delivery failed
/// (SPEC.md §6); 422 only for a request that is itself invalid.
/// </summary>
public sealed class Endpoint(IEnumerable<INotificationChannel> channels, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/notification/test");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Send a test notification through a channel; success false with the reason when it fails");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var name = req.Channel!;
        if (channels.FirstOrDefault(c => c.Name == name) is not { } channel)
        {
            await Send.OkAsync(new Response(name, false, $"The {name} channel is not available in this build", "Test notification not sent"), ct);
            return;
        }
        var outcome = await channel.SendAsync(TestNotification.Create(clock.GetUtcNow()),
            new ChannelOverrides(req.WebhookUrl, req.EmailRecipients), ct);
        Logger.LogInformation("Test notification over {Channel}: {Outcome}", name, outcome.Succeeded ? "sent" : outcome.Error);
        await Send.OkAsync(new Response(name, outcome.Succeeded, outcome.Error,
            outcome.Succeeded ? $"Test notification sent via {name}" : $"Test notification via {name} failed"), ct);
    }
}
