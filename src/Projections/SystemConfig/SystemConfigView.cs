namespace Hsi.Projections.SystemConfig;

/// <summary>
/// The settings changed at run time, by name (CONTRACT.md names), with their current values. What is
/// not listed keeps the environment's value; the effective configuration is the two laid together.
/// </summary>
public sealed class SystemConfigView
{
    public const string SingletonId = "system";

    public string Id { get; set; } = SingletonId;
    public Dictionary<string, double> Overrides { get; set; } = [];

    /// <summary>The <c>config:system</c> stream's version (Marten would take a property named Version for its own).</summary>
    public long StreamVersion { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>Every run-time change of the configuration, oldest first: what <c>GET /api/system/config/history</c> lists.</summary>
public sealed class SystemConfigHistoryView
{
    public string Id { get; set; } = SystemConfigView.SingletonId;
    public List<SystemConfigHistoryEntry> Changes { get; set; } = [];
}

/// <summary>One PATCH that changed something: which settings moved, from what to what, and when.</summary>
public sealed class SystemConfigHistoryEntry
{
    /// <summary>The <c>config:system</c> stream's version after this change.</summary>
    public long Version { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
    public List<SystemConfigFieldChange> Changes { get; set; } = [];
}

public sealed class SystemConfigFieldChange
{
    /// <summary>The setting's name, as in <c>PATCH /api/system/config</c>.</summary>
    public string Setting { get; set; } = "";

    /// <summary>The value in force before the change (the environment's, if it was never changed).</summary>
    public double OldValue { get; set; }

    public double NewValue { get; set; }
}
