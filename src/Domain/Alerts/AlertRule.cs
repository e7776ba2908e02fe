using Hsi.Domain.Common;

namespace Hsi.Domain.Alerts;

/// <summary>Write-side state of one alert rule stream.</summary>
public sealed record AlertRule(Guid Id, AlertRuleDefinition Definition, bool Deleted) : IEvolving<AlertRule>
{
    public static AlertRule? Evolve(AlertRule? state, object e) => (state, e) switch
    {
        (_, AlertRuleCreated x) => new AlertRule(x.RuleId, x.Definition, false),
        ({ } s, AlertRuleUpdated x) => s with { Definition = x.Definition },
        ({ } s, AlertRuleDeleted) => s with { Deleted = true },
        _ => state,
    };
}

/// <summary>Write-side state of a rule's cooldown for one dedup key.</summary>
public sealed record AlertCooldown(DateTimeOffset Until, Guid LastAlertId) : IEvolving<AlertCooldown>
{
    public static AlertCooldown? Evolve(AlertCooldown? state, object e) =>
        e is AlertCooldownStarted started ? new AlertCooldown(started.Until, started.AlertId) : state;

    public bool Holds(DateTimeOffset at) => at < Until;
}
