using System.Text.Json;
using Hsi.Api.Configuration;
using Hsi.Api.Features.SecurityEvents;
using Hsi.Api.Http;
using Hsi.Projections.SecurityEvents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hsi.Bench;

/// <summary>
/// The baseline of <c>ops/bench events</c>: the first page of the event list (plain, by risk level,
/// or after a cursor) as one hand-written SQL query through Npgsql, answered with the same JSON
/// as <c>GET /api/events</c>, from its own small host beside the API (<c>events-direct</c>), so the
/// shipped API holds no bench-only SQL.
/// </summary>
public static class DirectEventList
{
    public const string Path = "/bench/events-direct";

    private const string Sql = """
        select e.data, c.data->>'Name'
        from hsi.mt_doc_securityeventview e left join hsi.mt_doc_cameraview c on c.id = e.camera_id
        where e.deleted_at is null
          and (@level::text is null or e.risk_level = @level)
          and (@at::timestamptz is null or e.started_at < @at or (e.started_at = @at and e.id < @id))
        order by e.started_at desc, e.id desc
        limit @limit;
        select count(*) from hsi.mt_doc_securityeventview e
        where @at::timestamptz is null and e.deleted_at is null and (@level::text is null or e.risk_level = @level);
        """;

    private static readonly JsonSerializerOptions StoredJson = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Serves <see cref="Path"/> on <paramref name="url"/> from <paramref name="databaseUrl"/> until stopped.</summary>
    public static async Task<int> ServeAsync(string url, string databaseUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The API's defaults (connection string form, offset sunset), so both answer alike.
        var settings = new HsiSettings { DatabaseUrl = databaseUrl };
        await using var database = NpgsqlDataSource.Create(settings.NpgsqlConnectionString);
        var app = builder.Build();
        app.MapGet(Path, (string? risk_level, string? cursor, int? limit, HttpContext ctx) =>
            PageAsync(database, settings.PaginationOffsetSunset, risk_level, cursor, limit, ctx));
        await app.RunAsync();
        return 0;
    }

    private static async Task<IResult> PageAsync(NpgsqlDataSource database, string offsetSunset, string? risk_level, string? cursor, int? limit, HttpContext ctx)
    {
        var size = Math.Clamp(limit ?? 50, 1, 1000);
        Cursor? after = null;
        if (cursor is not null && !Cursor.TryDecode(cursor, out after, out var error)) return Results.Json(new ErrorDetail(error), JsonDefaults.Options, statusCode: 400);
        await using var command = database.CreateCommand(Sql);
        command.Parameters.AddWithValue("level", NpgsqlTypes.NpgsqlDbType.Text, (object?)risk_level ?? DBNull.Value);
        command.Parameters.AddWithValue("at", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)after?.CreatedAt ?? DBNull.Value);
        command.Parameters.AddWithValue("id", after?.Id ?? 0L);
        command.Parameters.AddWithValue("limit", size + 1);
        var rows = new List<EventResponse>();
        var total = 0;
        await using (var reader = await command.ExecuteReaderAsync(ctx.RequestAborted))
        {
            while (await reader.ReadAsync(ctx.RequestAborted))
            {
                var view = JsonSerializer.Deserialize<SecurityEventView>(reader.GetString(0), StoredJson)!;
                rows.Add(EventResponse.From(view, reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
            // The count, as the list counts: skipped with a cursor (SPEC: total may be 0 then).
            await reader.NextResultAsync(ctx.RequestAborted);
            if (await reader.ReadAsync(ctx.RequestAborted)) total = (int)reader.GetInt64(0);
        }
        var page = new PageQuery(size, 0, after, cursor, FieldSelection.All);
        return Results.Json(page.Envelope(rows, after is null ? total : 0, e => new Cursor(e.Id, e.StartedAt), ctx, offsetSunset), JsonDefaults.Options);
    }
}
