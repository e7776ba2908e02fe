using Hsi.Domain.Alerts;
using Hsi.Domain.Common;

namespace Hsi.Projections.Alerts;

/// <summary>An alert rule as it is now: the read model behind the rule endpoints and what alert raising reads.</summary>
public sealed class AlertRuleView
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public AlertRuleDefinition Definition { get; set; } = null!;
    public bool Enabled { get; set; }
    public AlertSeverity Severity { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The rule stream's version (not named <c>Version</c>: Marten would take that for the document's revision).</summary>
    public long StreamVersion { get; set; }

    public void Take(AlertRuleDefinition d, DateTimeOffset at, long version)
    {
        (Definition, Name, Enabled, Severity) = (d, d.Name, d.Enabled, d.Severity);
        UpdatedAt = StoredTime.Of(at);
        StreamVersion = version;
    }
}

/// <summary>The one writer of <see cref="AlertRuleView"/>; a deleted rule's document goes with it (its stream stays).</summary>
public partial class AlertRuleViewProjection : MultiStreamProjection<AlertRuleView, Guid>
{
    public AlertRuleViewProjection()
    {
        Identity<AlertRuleCreated>(e => e.RuleId);
        Identity<AlertRuleUpdated>(e => e.RuleId);
        Identity<AlertRuleDeleted>(e => e.RuleId);
        DeleteEvent<AlertRuleDeleted>();
    }

    public AlertRuleView Create(IEvent<AlertRuleCreated> e)
    {
        var view = new AlertRuleView { Id = e.Data.RuleId, CreatedAt = StoredTime.Of(e.Data.At) };
        view.Take(e.Data.Definition, e.Data.At, e.Version);
        return view;
    }

    public void Apply(IEvent<AlertRuleUpdated> e, AlertRuleView view) => view.Take(e.Data.Definition, e.Data.At, e.Version);
}
