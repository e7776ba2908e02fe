using Hsi.Domain.SystemConfig;
using Hsi.Inference.Handlers;
using Hsi.Projections.SystemConfig;

namespace Hsi.Api.Features.SystemConfig;

/// <summary>
/// The run-time settings in force: the environment's, with <see cref="SystemConfigView"/>'s changes
/// laid over them. Read again at most every <see cref="Freshness"/>, so every node follows a PATCH
/// within that time without a restart; the node that took the PATCH follows it at once.
/// </summary>
public sealed class LiveSystemConfig(IDocumentStore store, HsiSettings settings, TimeProvider clock) : ILiveSettings
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);
    private Snapshot? _snapshot;

    private sealed record Snapshot(RuntimeSettings Settings, DateTimeOffset ReadAt);

    public RuntimeSettings Defaults => settings.RuntimeDefaults;

    public async ValueTask<RuntimeSettings> CurrentAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _snapshot) is { } s && clock.GetUtcNow() - s.ReadAt < Freshness) return s.Settings;
        await using var session = store.QuerySession();
        return Remember(await session.LoadAsync<SystemConfigView>(SystemConfigView.SingletonId, ct));
    }

    /// <summary>Takes the view as just read (or written) as the settings in force.</summary>
    public RuntimeSettings Remember(SystemConfigView? view)
    {
        var current = Effective(view);
        Volatile.Write(ref _snapshot, new Snapshot(current, clock.GetUtcNow()));
        return current;
    }

    public RuntimeSettings Effective(SystemConfigView? view) => view is null
        ? Defaults
        : Defaults.With(view.Overrides.Select(o => new SettingChange(o.Key, 0, o.Value)));
}
