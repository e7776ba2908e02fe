namespace Hsi.Projections.Alerts;

/// <summary>
/// The alerts module's read side. Inline: a rule written is read back at once (and by the next event's
/// evaluation), an acknowledgement too, and preferences apply to the next alert.
/// </summary>
public static class AlertProjections
{
    public static StoreOptions AddAlertProjections(this StoreOptions opts)
    {
        opts.Projections.Add<AlertRuleViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<AlertViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<NotificationPreferencesViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<AlertRuleView>().Index(r => r.Name);
        opts.Schema.For<AlertView>().Index(a => a.CreatedAt).Index(a => a.EventId).Index(a => a.RuleId);
        return opts;
    }
}
