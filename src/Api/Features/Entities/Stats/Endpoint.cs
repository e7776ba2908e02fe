using System.Text.Json;
using Hsi.Projections.Entities;
using Hsi.Projections.EventStore;

namespace Hsi.Api.Features.Entities.Stats;

public sealed class Request
{
    /// <summary>Count appearances at or after this time.</summary>
    [QueryParam] public DateTimeOffset? Since { get; set; }

    /// <summary>Count appearances at or before this time.</summary>
    [QueryParam] public DateTimeOffset? Until { get; set; }
}

public sealed record TimeRange(DateTimeOffset? Since, DateTimeOffset? Until);

/// <summary>
/// SEED-API §4 stats over the appearances in the window (the seed ignores its dates; SPEC §6 honours them):
/// entities seen, appearances, entities per type and per camera, entities seen more than once.
/// </summary>
public sealed record EntityStats(
    int TotalEntities, int TotalAppearances, IReadOnlyDictionary<string, int> ByType, IReadOnlyDictionary<string, int> ByCamera,
    int RepeatVisitors, TimeRange TimeRange);

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, EntityStats>
{
    private static readonly string Sql = $$"""
        with a as (
            select entity_id, entity_type, camera_id from {{StoreSchema.Name}}.mt_doc_{{EntityProjections.AppearanceAlias}}
            where entity_id is not null and detected_at >= ? and detected_at <= ?)
        select json_build_object(
            'total_entities', (select count(distinct entity_id) from a),
            'total_appearances', (select count(*) from a),
            'by_type', coalesce((select json_object_agg(lower(entity_type), n) from (select entity_type, count(distinct entity_id) n from a group by entity_type) t), '{}'::json),
            'by_camera', coalesce((select json_object_agg(camera_id, n) from (select camera_id, count(distinct entity_id) n from a group by camera_id) t), '{}'::json),
            'repeat_visitors', (select count(*) from (select entity_id from a group by entity_id having count(*) > 1) r))::text
        """;

    public override void Configure()
    {
        Get("/api/entities/stats");
        Description(b => b.Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Entity counts over the appearances between since and until: by type, by camera, repeat visitors");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.Since is { } since && req.Until is { } until && since > until)
        {
            await HttpContext.SendDetail(400, "since must not be after until");
            return;
        }
        var json = (await session.QueryAsync<string>(Sql, ct, req.Since?.ToUniversalTime() ?? DateTimeOffset.MinValue, req.Until?.ToUniversalTime() ?? DateTimeOffset.MaxValue))[0];
        var counts = JsonSerializer.Deserialize<Counts>(json, JsonDefaults.Options)!;
        await Send.OkAsync(new EntityStats(counts.TotalEntities, counts.TotalAppearances, counts.ByType, counts.ByCamera, counts.RepeatVisitors,
            new TimeRange(req.Since, req.Until)), ct);
    }

    private sealed record Counts(int TotalEntities, int TotalAppearances, Dictionary<string, int> ByType, Dictionary<string, int> ByCamera, int RepeatVisitors);
}
