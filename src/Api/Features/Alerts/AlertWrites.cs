using Hsi.Projections.EventStore;
using Hsi.Api.Infrastructure;
using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts;

/// <summary>A client's writes to rule, alert and preference streams, through the one <see cref="EventStreamWriter"/>.</summary>
public sealed class AlertWrites(EventStreamWriter writer, TimeProvider clock)
{
    /// <summary>The key every rule creation takes a turn on, so the cap on rules holds when two are created at once.</summary>
    private const string RuleCountTurn = "alert-rules";

    public async Task<(Guid? RuleId, WriteOutcome Outcome)> CreateRuleAsync(AlertRuleFields fields, CancellationToken ct)
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        var key = StreamKeys.AlertRule(id);
        var outcome = await writer.WriteAsync([key, RuleCountTurn], null, async (session, token) =>
        {
            if (await session.Query<AlertRuleView>().CountAsync(token) >= AlertRuleDecisions.MaxRules)
                return WriteOutcome.Refused(new DomainError(ErrorKind.Conflict, $"There are {AlertRuleDecisions.MaxRules} alert rules, the most there may be"));
            var rule = await session.ReadStreamAsync<AlertRule>(key, token);
            var decision = AlertRuleDecisions.Create(new CreateAlertRule(id, fields), rule.State, clock.GetUtcNow());
            return decision.Error is { } error ? WriteOutcome.Refused(error) : new WriteOutcome(session.Append(rule, decision));
        }, ct);
        return (outcome.Succeeded ? id : null, outcome);
    }

    public Task<WriteOutcome> ChangeRuleAsync(ChangeAlertRule cmd, CancellationToken ct) =>
        writer.DecideAsync<AlertRule>(StreamKeys.AlertRule(cmd.RuleId), state => AlertRuleDecisions.Change(cmd, state, clock.GetUtcNow()), null, ct);

    public Task<WriteOutcome> DeleteRuleAsync(DeleteAlertRule cmd, CancellationToken ct) =>
        writer.DecideAsync<AlertRule>(StreamKeys.AlertRule(cmd.RuleId), state => AlertRuleDecisions.Delete(cmd, state, clock.GetUtcNow()), null, ct);

    public Task<WriteOutcome> AcknowledgeAsync(AcknowledgeAlert cmd, long? version, CancellationToken ct) =>
        writer.DecideAsync<Alert>(StreamKeys.Alert(cmd.AlertId), state => AlertDecisions.Acknowledge(cmd, state, clock.GetUtcNow()), version, ct);

    public Task<WriteOutcome> DismissAsync(DismissAlert cmd, long? version, CancellationToken ct) =>
        writer.DecideAsync<Alert>(StreamKeys.Alert(cmd.AlertId), state => AlertDecisions.Dismiss(cmd, state, clock.GetUtcNow()), version, ct);

    public Task<WriteOutcome> ChangePreferencesAsync(ChangeNotificationPreferences cmd, CancellationToken ct) =>
        Preferences(state => NotificationPreferenceDecisions.Change(cmd, state, clock.GetUtcNow()), ct);

    public Task<WriteOutcome> SetCameraAsync(string cameraId, bool? enabled, int? riskThreshold, CancellationToken ct) =>
        Preferences(state => NotificationPreferenceDecisions.SetCamera(
            new SetCameraNotification(Guid.CreateVersion7(clock.GetUtcNow()), cameraId, enabled, riskThreshold), state, clock.GetUtcNow()), ct);

    public async Task<(Guid Id, WriteOutcome Outcome)> AddQuietHoursAsync(string? label, string? start, string? end, IReadOnlyList<string>? days, CancellationToken ct)
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        return (id, await Preferences(state => NotificationPreferenceDecisions.AddQuietHours(new AddQuietHours(id, label, start, end, days), state, clock.GetUtcNow()), ct));
    }

    public Task<WriteOutcome> RemoveQuietHoursAsync(Guid id, CancellationToken ct) =>
        Preferences(state => NotificationPreferenceDecisions.RemoveQuietHours(new RemoveQuietHours(id), state, clock.GetUtcNow()), ct);

    private Task<WriteOutcome> Preferences(Func<Domain.Alerts.NotificationPreferences?, Decision> decide, CancellationToken ct) =>
        writer.DecideAsync(StreamKeys.NotificationPreferences, decide, null, ct);
}
