using Hsi.Domain.SystemConfig;

namespace Hsi.Projections.SystemConfig;

/// <summary>The one writer of <see cref="SystemConfigView"/>: every <see cref="SystemConfigChanged"/> of <c>config:system</c>.</summary>
public partial class SystemConfigViewProjection : MultiStreamProjection<SystemConfigView, string>
{
    public SystemConfigViewProjection() => Identity<SystemConfigChanged>(_ => SystemConfigView.SingletonId);

    public void Apply(IEvent<SystemConfigChanged> e, SystemConfigView view)
    {
        foreach (var change in e.Data.Changes) view.Overrides[change.Setting] = change.NewValue;
        view.StreamVersion = e.Version;
        view.UpdatedAt = e.Data.At;
    }
}

/// <summary>The one writer of <see cref="SystemConfigHistoryView"/>: one entry per <see cref="SystemConfigChanged"/>.</summary>
public partial class SystemConfigHistoryViewProjection : MultiStreamProjection<SystemConfigHistoryView, string>
{
    public SystemConfigHistoryViewProjection() => Identity<SystemConfigChanged>(_ => SystemConfigView.SingletonId);

    public void Apply(IEvent<SystemConfigChanged> e, SystemConfigHistoryView view) =>
        view.Changes.Add(new SystemConfigHistoryEntry
        {
            Version = e.Version,
            ChangedAt = e.Data.At,
            Changes = [.. e.Data.Changes.Select(c => new SystemConfigFieldChange { Setting = c.Setting, OldValue = c.OldValue, NewValue = c.NewValue })],
        });
}

/// <summary>The system configuration's read side. Inline, so a PATCH is read back (and applied) at once.</summary>
public static class SystemConfigProjections
{
    public static StoreOptions AddSystemConfigProjections(this StoreOptions opts)
    {
        opts.Projections.Add<SystemConfigViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<SystemConfigHistoryViewProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
