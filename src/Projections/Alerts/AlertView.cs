using Hsi.Domain.Alerts;
using Hsi.Domain.Common;

namespace Hsi.Projections.Alerts;

/// <summary>One try of one channel, as <c>GET /api/alerts/{id}/deliveries</c> lists it.</summary>
public sealed class AlertDeliveryAttemptView
{
    public string Channel { get; set; } = "";
    public int Attempt { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
    public int? StatusCode { get; set; }
    public double DurationMs { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A channel's outcome for the alert: delivered, failed for good, or still trying.</summary>
public sealed class AlertChannelStateView
{
    public string Channel { get; set; } = "";
    public string Status { get; set; } = "pending";
    public int Attempts { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>An alert as it is now: the read model behind the alert endpoints and its WebSocket messages.</summary>
public sealed class AlertView
{
    public Guid Id { get; set; }
    public long EventId { get; set; }
    public Guid RuleId { get; set; }
    public string RuleName { get; set; } = "";
    public string Severity { get; set; } = "";
    public AlertStatus Status { get; set; }
    public string DedupKey { get; set; } = "";
    public List<string> Channels { get; set; } = [];
    public string CameraId { get; set; } = "";
    public string CameraName { get; set; } = "";
    public int RiskScore { get; set; }
    public string RiskLevel { get; set; } = "";
    public string? Summary { get; set; }
    public List<string> ObjectTypes { get; set; } = [];
    public string? SuppressedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? DismissedAt { get; set; }
    public string? DismissReason { get; set; }
    public List<AlertChannelStateView> ChannelStates { get; set; } = [];
    public List<AlertDeliveryAttemptView> Attempts { get; set; } = [];

    /// <summary>The alert stream's version: acknowledge's and dismiss's optimistic concurrency token.</summary>
    public long StreamVersion { get; set; }

    public AlertChannelStateView ChannelState(string channel)
    {
        if (ChannelStates.FirstOrDefault(c => c.Channel == channel) is { } state) return state;
        var added = new AlertChannelStateView { Channel = channel };
        ChannelStates.Add(added);
        return added;
    }
}

/// <summary>The one writer of <see cref="AlertView"/>, from the alert streams (raised, deliveries, acknowledged, dismissed).</summary>
public partial class AlertViewProjection : MultiStreamProjection<AlertView, Guid>
{
    /// <summary>A channel's tries are Wolverine's retries, a handful; the cap only bounds a misconfigured retry policy.</summary>
    public const int MaxAttemptsKept = 200;

    public AlertViewProjection()
    {
        Identity<AlertRaised>(e => e.AlertId);
        Identity<AlertDeliveryAttempted>(e => e.AlertId);
        Identity<AlertDelivered>(e => e.AlertId);
        Identity<AlertDeliveryFailed>(e => e.AlertId);
        Identity<AlertAcknowledged>(e => e.AlertId);
        Identity<AlertDismissed>(e => e.AlertId);
    }

    public AlertView Create(IEvent<AlertRaised> e)
    {
        var r = e.Data;
        var at = StoredTime.Of(r.RaisedAt);
        return new AlertView
        {
            Id = r.AlertId, EventId = r.EventId, RuleId = r.RuleId, RuleName = r.RuleName, Severity = r.Severity, Status = AlertStatus.Pending,
            DedupKey = r.DedupKey, Channels = [.. r.Channels], CameraId = r.CameraId, CameraName = r.CameraName, RiskScore = r.RiskScore,
            RiskLevel = r.RiskLevel, Summary = r.Summary, ObjectTypes = [.. r.ObjectTypes], SuppressedBy = r.SuppressedBy,
            CreatedAt = at, UpdatedAt = at, StreamVersion = e.Version,
            ChannelStates = [.. r.Channels.Select(c => new AlertChannelStateView { Channel = c })],
        };
    }

    public void Apply(IEvent<AlertDeliveryAttempted> e, AlertView view)
    {
        var a = e.Data;
        if (view.Attempts.Count < MaxAttemptsKept)
            view.Attempts.Add(new AlertDeliveryAttemptView
            {
                Channel = a.Channel, Attempt = a.Attempt, Succeeded = a.Succeeded, Error = a.Error, StatusCode = a.StatusCode,
                DurationMs = a.DurationMs, At = StoredTime.Of(a.At),
            });
        var state = view.ChannelState(a.Channel);
        state.Attempts = Math.Max(state.Attempts, a.Attempt);
        if (!a.Succeeded && state.Status == "pending") state.Error = a.Error;
        Touch(e, view, a.At);
    }

    public void Apply(IEvent<AlertDelivered> e, AlertView view)
    {
        var at = StoredTime.Of(e.Data.At);
        var state = view.ChannelState(e.Data.Channel);
        (state.Status, state.DeliveredAt, state.Error) = ("delivered", at, null);
        view.DeliveredAt ??= at;
        if (view.Status == AlertStatus.Pending) view.Status = AlertStatus.Delivered;
        Touch(e, view, e.Data.At);
    }

    public void Apply(IEvent<AlertDeliveryFailed> e, AlertView view)
    {
        var state = view.ChannelState(e.Data.Channel);
        if (state.Status != "delivered") (state.Status, state.Error) = ("failed", e.Data.Error);
        Touch(e, view, e.Data.At);
    }

    public void Apply(IEvent<AlertAcknowledged> e, AlertView view)
    {
        view.Status = AlertStatus.Acknowledged;
        view.AcknowledgedAt = StoredTime.Of(e.Data.At);
        Touch(e, view, e.Data.At);
    }

    public void Apply(IEvent<AlertDismissed> e, AlertView view)
    {
        view.Status = AlertStatus.Dismissed;
        view.DismissedAt = StoredTime.Of(e.Data.At);
        view.DismissReason = e.Data.Reason;
        Touch(e, view, e.Data.At);
    }

    private static void Touch(IEvent e, AlertView view, DateTimeOffset at)
    {
        view.UpdatedAt = StoredTime.Of(at);
        view.StreamVersion = e.Version;
    }
}
