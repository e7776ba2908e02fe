using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hsi.Api.Features.Operations.Health;

/// <summary>A dependency that failed or recovered, or a worker that was restarted (<c>failure|recovery|restart</c>).</summary>
public sealed record HealthEvent(DateTimeOffset Timestamp, string Service, string EventType, string? Message);

/// <summary>One dependency as its checks went lately: its status, when last checked and how many checks failed in a row.</summary>
public sealed record ServiceRecord(string Name, string Status, DateTimeOffset LastCheck, int ConsecutiveFailures, string? ErrorMessage);

/// <summary>
/// What this node's health checks saw over time, in memory: each dependency's latest state, and the newest
/// <see cref="Capacity"/> changes (a service failing or recovering, a worker restarted), newest first.
/// Fed by every run of the service checks (the health endpoint, and SystemStatusBroadcast every 5 s).
/// </summary>
public sealed class HealthHistory(TimeProvider clock)
{
    public const int Capacity = 50;

    private readonly Lock _gate = new();
    private readonly LinkedList<HealthEvent> _events = new();
    private readonly Dictionary<string, ServiceRecord> _services = [];

    public void Observe(IReadOnlyDictionary<string, HealthReportEntry> entries)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            foreach (var (name, entry) in entries)
            {
                var healthy = entry.Status == HealthStatus.Healthy;
                var message = entry.Description ?? entry.Exception?.Message;
                var before = _services.GetValueOrDefault(name);
                // A service first seen healthy is no news; one first seen failing is.
                if (healthy && before is { ConsecutiveFailures: > 0 }) Add(new HealthEvent(now, name, "recovery", message));
                if (!healthy && before is not { ConsecutiveFailures: > 0 }) Add(new HealthEvent(now, name, "failure", message));
                _services[name] = new ServiceRecord(name, healthy ? "healthy" : "unhealthy", now,
                    healthy ? 0 : (before?.ConsecutiveFailures ?? 0) + 1, healthy ? null : message);
            }
        }
    }

    /// <summary>What happened to a worker: <c>restart</c>, or <c>failure</c> when it crashed.</summary>
    public void Record(string worker, string eventType, string message)
    {
        lock (_gate) Add(new HealthEvent(clock.GetUtcNow(), worker, eventType, message));
    }

    public IReadOnlyList<HealthEvent> RecentEvents()
    {
        lock (_gate) return [.. _events];
    }

    public IReadOnlyList<ServiceRecord> Services()
    {
        lock (_gate) return [.. _services.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    private void Add(HealthEvent e)
    {
        _events.AddFirst(e);
        if (_events.Count > Capacity) _events.RemoveLast();
    }
}
