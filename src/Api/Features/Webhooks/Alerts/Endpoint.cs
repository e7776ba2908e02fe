using System.Text.Json.Serialization;
using FluentValidation;
using Hsi.Api.Realtime;

namespace Hsi.Api.Features.Webhooks.Alerts;

/// <summary>One alert of Alertmanager's webhook (version 4); Alertmanager names its fields in camelCase.</summary>
public sealed class WebhookAlert
{
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("labels")] public Dictionary<string, string> Labels { get; set; } = [];
    [JsonPropertyName("annotations")] public Dictionary<string, string> Annotations { get; set; } = [];
    [JsonPropertyName("startsAt")] public DateTimeOffset? StartsAt { get; set; }
    [JsonPropertyName("endsAt")] public DateTimeOffset? EndsAt { get; set; }
    [JsonPropertyName("generatorURL")] public string? GeneratorUrl { get; set; }
    [JsonPropertyName("fingerprint")] public string? Fingerprint { get; set; }
}

/// <summary>Alertmanager's webhook payload, version 4.</summary>
public sealed class Request
{
    [JsonPropertyName("version")] public string Version { get; set; } = "4";
    [JsonPropertyName("groupKey")] public string? GroupKey { get; set; }
    [JsonPropertyName("truncatedAlerts")] public int TruncatedAlerts { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("receiver")] public string? Receiver { get; set; }
    [JsonPropertyName("groupLabels")] public Dictionary<string, string> GroupLabels { get; set; } = [];
    [JsonPropertyName("commonLabels")] public Dictionary<string, string> CommonLabels { get; set; } = [];
    [JsonPropertyName("commonAnnotations")] public Dictionary<string, string> CommonAnnotations { get; set; } = [];
    [JsonPropertyName("externalURL")] public string? ExternalUrl { get; set; }
    [JsonPropertyName("alerts")] public List<WebhookAlert>? Alerts { get; set; }
}

public sealed record Response(string Status, int Received, int Processed, string Message);

public sealed class Validator : Validator<Request>
{
    private static readonly string[] Statuses = ["firing", "resolved"];

    public Validator()
    {
        RuleFor(r => r.GroupKey).NotEmpty().WithMessage("Field required");
        RuleFor(r => r.Receiver).NotEmpty().WithMessage("Field required");
        RuleFor(r => r.Status).NotEmpty().WithMessage("Field required")
            .Must(s => s is null || Statuses.Contains(s)).WithMessage("Input should be 'firing' or 'resolved'");
        RuleFor(r => r.Alerts).NotNull().WithMessage("Field required");
        RuleForEach(r => r.Alerts).ChildRules(alert =>
        {
            alert.RuleFor(a => a.Status).NotEmpty().WithMessage("Field required")
                .Must(s => s is null || Statuses.Contains(s)).WithMessage("Input should be 'firing' or 'resolved'");
            alert.RuleFor(a => a.StartsAt).NotNull().WithMessage("Field required");
            alert.RuleFor(a => a.Fingerprint).NotEmpty().WithMessage("Field required");
        });
    }
}

/// <summary>
/// Receives Alertmanager's notifications (infrastructure alerts from the Prometheus rules in
/// ops/prometheus) and pushes each alert to every <c>/ws/events</c> client as a live-only
/// <c>infrastructure_alert</c> (not replayed on resync: it derives from no stored event).
/// </summary>
public sealed class Endpoint(RealtimeFanout fanout) : Endpoint<Request, Response>
{
    public const string MessageType = "infrastructure_alert";

    public override void Configure()
    {
        Post("/api/webhooks/alerts");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Alertmanager webhook: each alert is broadcast on /ws/events as infrastructure_alert");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var processed = 0;
        foreach (var alert in req.Alerts!)
        {
            var name = alert.Labels.GetValueOrDefault("alertname") ?? req.CommonLabels.GetValueOrDefault("alertname") ?? "unnamed";
            Logger.LogWarning("Infrastructure alert {Name} {Status}: {Summary}", name, alert.Status, alert.Annotations.GetValueOrDefault("summary"));
            await fanout.PublishAsync(LiveMessages.EventsTopic, MessageType, new
            {
                alertname = name,
                status = alert.Status,
                severity = alert.Labels.GetValueOrDefault("severity") ?? req.CommonLabels.GetValueOrDefault("severity"),
                summary = alert.Annotations.GetValueOrDefault("summary"),
                description = alert.Annotations.GetValueOrDefault("description"),
                labels = alert.Labels,
                annotations = alert.Annotations,
                starts_at = alert.StartsAt,
                // Alertmanager sends 0001-01-01 for "not ended".
                ends_at = alert.EndsAt is { Year: > 1 } ends ? ends : (DateTimeOffset?)null,
                fingerprint = alert.Fingerprint,
                generator_url = alert.GeneratorUrl,
                receiver = req.Receiver,
                group_key = req.GroupKey,
            });
            processed++;
        }
        await Send.OkAsync(new Response("ok", req.Alerts.Count, processed,
            $"Broadcast {processed} alert(s) ({req.Status}) from {req.Receiver}"), ct);
    }
}
