using Hsi.Domain.Common;

namespace Hsi.Domain.Alerts;

public enum AlertStatus { Pending, Delivered, Acknowledged, Dismissed }

/// <summary>Write-side state of one alert stream (<c>alert:&lt;uuid&gt;</c>).</summary>
public sealed record Alert(Guid Id, AlertStatus Status) : IEvolving<Alert>
{
    public static Alert? Evolve(Alert? state, object e) => (state, e) switch
    {
        (_, AlertRaised x) => new Alert(x.AlertId, AlertStatus.Pending),
        // Delivery moves only a pending alert on: one already acknowledged or dismissed stays so.
        ({ Status: AlertStatus.Pending } s, AlertDelivered) => s with { Status = AlertStatus.Delivered },
        ({ } s, AlertAcknowledged) => s with { Status = AlertStatus.Acknowledged },
        ({ } s, AlertDismissed) => s with { Status = AlertStatus.Dismissed },
        _ => state,
    };
}

public record AcknowledgeAlert(Guid AlertId);

public record DismissAlert(Guid AlertId, string? Reason);

/// <summary>The alert state machine (SEED-API §6): acknowledge from pending or delivered; dismiss from anything but dismissed.</summary>
public static class AlertDecisions
{
    public const int MaxReasonLength = 1000;

    public static string NotFound(Guid alertId) => $"Alert {alertId} not found";

    public static Decision Acknowledge(AcknowledgeAlert cmd, Alert? state, DateTimeOffset now) => state switch
    {
        null => Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.AlertId)),
        { Status: AlertStatus.Pending or AlertStatus.Delivered } => Decision.Of(new AlertAcknowledged(cmd.AlertId, now)),
        _ => Decision.Refuse(ErrorKind.Conflict, $"Alert {cmd.AlertId} is {state.Status.ToString().ToLowerInvariant()}; only a pending or delivered alert can be acknowledged"),
    };

    public static Decision Dismiss(DismissAlert cmd, Alert? state, DateTimeOffset now) => state switch
    {
        null => Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.AlertId)),
        { Status: AlertStatus.Dismissed } => Decision.Refuse(ErrorKind.Conflict, $"Alert {cmd.AlertId} is already dismissed"),
        _ when cmd.Reason is { Length: > MaxReasonLength } =>
            Decision.Refuse(ErrorKind.Invalid, $"reason must be at most {MaxReasonLength} characters", "reason"),
        _ => Decision.Of(new AlertDismissed(cmd.AlertId, cmd.Reason, now)),
    };
}
