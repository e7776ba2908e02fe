using Hsi.Domain.Common;

namespace Hsi.Domain.SystemConfig;

/// <summary>
/// Write-side state of the <c>config:system</c> stream: the changes recorded, in order. What is in
/// force is the environment's settings with them laid over (<see cref="InForce"/>), since the
/// environment is not in the stream.
/// </summary>
public sealed record SystemConfigChanges(IReadOnlyList<SettingChange> Changes) : IEvolving<SystemConfigChanges>
{
    public static SystemConfigChanges Create(SystemConfigChanged e) => new(e.Changes);

    public SystemConfigChanges Apply(SystemConfigChanged e) => new([.. Changes, .. e.Changes]);

    public static SystemConfigChanges? Evolve(SystemConfigChanges? state, object e) => (state, e) switch
    {
        (null, SystemConfigChanged x) => Create(x),
        ({ } s, SystemConfigChanged x) => s.Apply(x),
        _ => state,
    };

    /// <summary>The settings in force over the environment's <paramref name="defaults"/>.</summary>
    public static RuntimeSettings InForce(SystemConfigChanges? state, RuntimeSettings defaults) => defaults.With(state?.Changes ?? []);
}
