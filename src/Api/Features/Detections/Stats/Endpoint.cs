using Hsi.Projections.Detections;
using Npgsql;

namespace Hsi.Api.Features.Detections.Stats;

public sealed class Request
{
    [QueryParam] public string? CameraId { get; set; }
}

public sealed record Response(long TotalDetections, IReadOnlyDictionary<string, long> DetectionsByClass, double? AverageConfidence);

public sealed class Endpoint(IDocumentStore store, NpgsqlDataSource db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/api/detections/stats");
        Summary(s => s.Summary = "Detection counts by class and average confidence");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Aggregated in PostgreSQL over the detection read model's duplicated columns.
        var table = store.Options.Schema.For<DetectionView>();
        await using var cmd = db.CreateCommand(
            $"select object_type, count(*), sum(confidence) from {table} where (@camera = '' or camera_id = @camera) group by object_type order by 2 desc, 1");
        cmd.Parameters.AddWithValue("camera", req.CameraId ?? "");
        var byClass = new Dictionary<string, long>();
        double sum = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                byClass[reader.GetString(0)] = reader.GetInt64(1);
                sum += reader.GetDouble(2);
            }
        }
        var total = byClass.Values.Sum();
        await Send.OkAsync(new Response(total, byClass, total == 0 ? null : Math.Round(sum / total, 4)), ct);
    }
}
