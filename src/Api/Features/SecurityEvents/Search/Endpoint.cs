using System.Text.RegularExpressions;
using FluentValidation;
using Hsi.Domain.Calibration;
using Hsi.Projections.Cameras;
using Hsi.Projections.SecurityEvents;
using Npgsql;

namespace Hsi.Api.Features.SecurityEvents.Search;

public sealed class Request : DateRangeRequest
{
    /// <summary>Web-search syntax: words are ANDed, "a phrase", OR, -word or NOT word.</summary>
    [QueryParam] public string? Q { get; set; }
    [QueryParam] public string? CameraId { get; set; }
    /// <summary>Comma-separated risk levels.</summary>
    [QueryParam] public string? Severity { get; set; }
    [QueryParam] public string? RiskLevel { get; set; }
    [QueryParam] public string? ObjectType { get; set; }
    [QueryParam] public bool? Reviewed { get; set; }
    [QueryParam] public int Limit { get; set; } = 50;
    [QueryParam] public int Offset { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Q).NotEmpty().WithMessage("Field required");
        RuleFor(r => r.Limit).InclusiveBetween(1, 1000);
        RuleFor(r => r.Offset).GreaterThanOrEqualTo(0);
    }
}

public sealed record SearchResult(
    long Id, string CameraId, string? CameraName, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int? RiskScore, string? RiskLevel,
    string? Summary, string? Reasoning, bool Reviewed, int DetectionCount, IReadOnlyList<long> DetectionIds,
    string ObjectTypes, double RelevanceScore, string? ThumbnailUrl);

public sealed record Response(IReadOnlyList<SearchResult> Results, int TotalCount, int Limit, int Offset);

/// <summary>
/// PostgreSQL full-text search over summary, reasoning, object types and the camera's CURRENT name
/// (joined at query time, so renames count at once), with websearch_to_tsquery semantics: the
/// query is always a parameter, so no input can be an SQL error.
/// </summary>
public sealed partial class Endpoint(NpgsqlDataSource database, IQuerySession session) : Endpoint<Request, Response>
{
    private static readonly string[] Levels = Enum.GetValues<RiskLevel>().Select(l => l.Name()).ToArray();

    private const string Sql = """
        with q as (select websearch_to_tsquery('english', @q) as query),
        hits as (
          select e.id, ts_rank(v.doc, q.query) as rank
          from hsi.mt_doc_securityeventview e
          left join hsi.mt_doc_cameraview c on c.id = e.data->>'CameraId'
          cross join q
          cross join lateral (select to_tsvector('english',
              coalesce(e.data->>'Summary', '') || ' ' || coalesce(e.data->>'Reasoning', '') || ' ' ||
              coalesce((select string_agg(t, ' ') from jsonb_array_elements_text(e.data->'ObjectTypes') t), '') || ' ' ||
              coalesce(c.data->>'Name', '')) as doc) v
          where v.doc @@ q.query
            and e.deleted_at is null
            and (@camera::text is null or e.data->>'CameraId' = @camera)
            and (@levels::text[] is null or e.data->>'RiskLevel' = any(@levels))
            and (@type::text is null or e.data->'ObjectTypes' ? @type)
            and (@reviewed::boolean is null or (e.data->>'Reviewed')::boolean = @reviewed)
            and (@start::timestamptz is null or (e.data->>'StartedAt')::timestamptz >= @start)
            and (@end::timestamptz is null or (e.data->>'StartedAt')::timestamptz <= @end))
        select id, rank, count(*) over () from hits order by rank desc, id desc limit @limit offset @offset
        """;

    public override void Configure()
    {
        Get("/api/events/search");
        Description(b => b.Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Full-text search of events (words ANDed, \"phrases\", OR, -word / NOT word), best match first");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var levels = new List<string>();
        foreach (var level in (req.Severity ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append(req.RiskLevel ?? ""))
        {
            if (level.Length == 0) continue;
            if (!Levels.Contains(level.ToLowerInvariant()))
            {
                await HttpContext.SendDetail(400, $"Unknown severity '{level}': use low, medium, high or critical");
                return;
            }
            levels.Add(level.ToLowerInvariant());
        }
        if (req.Inconsistency is { } inconsistency)
        {
            await HttpContext.SendDetail(400, inconsistency);
            return;
        }

        await using var command = database.CreateCommand(Sql);
        command.Parameters.AddWithValue("q", WebSearch(req.Q!));
        command.Parameters.AddWithValue("camera", NpgsqlTypes.NpgsqlDbType.Text, (object?)NullIfBlank(req.CameraId) ?? DBNull.Value);
        command.Parameters.AddWithValue("levels", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, levels.Count == 0 ? DBNull.Value : levels.ToArray());
        command.Parameters.AddWithValue("type", NpgsqlTypes.NpgsqlDbType.Text, (object?)NullIfBlank(req.ObjectType) ?? DBNull.Value);
        command.Parameters.AddWithValue("reviewed", NpgsqlTypes.NpgsqlDbType.Boolean, (object?)req.Reviewed ?? DBNull.Value);
        command.Parameters.AddWithValue("start", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)req.StartDate ?? DBNull.Value);
        command.Parameters.AddWithValue("end", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)req.EndDate ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", req.Limit);
        command.Parameters.AddWithValue("offset", req.Offset);

        var hits = new List<(long Id, double Rank)>();
        var total = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                hits.Add((reader.GetInt64(0), reader.GetFloat(1)));
                total = (int)reader.GetInt64(2);
            }

        var views = (await session.LoadManyAsync<SecurityEventView>(ct, hits.Select(h => h.Id).ToArray())).ToDictionary(v => v.Id);
        var names = (await session.LoadManyAsync<CameraView>(ct, views.Values.Select(v => v.CameraId).Distinct().ToArray())).ToDictionary(c => c.Id, c => c.Name);
        var results = hits.Where(h => views.ContainsKey(h.Id)).Select(h =>
        {
            var v = views[h.Id];
            return new SearchResult(v.Id, v.CameraId, names.GetValueOrDefault(v.CameraId), v.StartedAt, v.EndedAt, v.RiskScore, v.RiskLevel,
                v.Summary, v.Reasoning, v.Reviewed, v.DetectionCount, v.DetectionIds, string.Join(", ", v.ObjectTypes), Math.Round(h.Rank, 6),
                v.DetectionIds.Count == 0 ? null : $"/api/detections/{v.DetectionIds[0]}/image");
        }).ToList();
        await Send.OkAsync(new Response(results, total, req.Limit, req.Offset), ct);
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>SPEC.md: <c>NOT word</c> means <c>-word</c>; websearch_to_tsquery reads "not" as a word, so it is rewritten outside quoted phrases.</summary>
    internal static string WebSearch(string q)
    {
        var parts = q.Split('"');
        for (var i = 0; i < parts.Length; i += 2) parts[i] = NotWord().Replace(parts[i], "$1-");
        return string.Join('"', parts);
    }

    [GeneratedRegex(@"(^|\s)NOT\s+(?=\S)")]
    private static partial Regex NotWord();
}
