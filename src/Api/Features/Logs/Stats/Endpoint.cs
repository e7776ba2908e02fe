namespace Hsi.Api.Features.Logs.Stats;

/// <summary>
/// The lines logged since midnight UTC: in all, errors (ERROR and CRITICAL), warnings, per component
/// and per level, and the component with the most (null on a day without any).
/// </summary>
public sealed record Response(
    int TotalToday, int ErrorsToday, int WarningsToday, IReadOnlyDictionary<string, int> ByComponent,
    IReadOnlyDictionary<string, int> ByLevel, string? TopComponent);

public sealed class Endpoint(LogTable table, TimeProvider clock) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/logs/stats");
        Summary(s => s.Summary = "Counts of today's log lines (from midnight UTC) by level and component");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var counts = await table.CountSinceAsync(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero), ct);
        int Level(string level) => counts.ByLevel.GetValueOrDefault(level);
        var top = counts.ByComponent.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).FirstOrDefault();
        await Send.OkAsync(new Response(counts.ByLevel.Values.Sum(), Level("ERROR") + Level("CRITICAL"), Level("WARNING"),
            counts.ByComponent, counts.ByLevel, top), ct);
    }
}
