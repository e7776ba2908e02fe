using Hsi.Domain.Entities;
using Hsi.Projections.Cameras;
using Hsi.Projections.Entities;

namespace Hsi.Api.Features.Entities;

/// <summary>An entity in a list (SEED-API §4 EntitySummary, with trust and the stream's version).</summary>
public record EntitySummary(
    Guid Id, EntityType EntityType, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int AppearanceCount, IReadOnlyList<string> CamerasSeen,
    string? ThumbnailUrl, TrustStatus TrustStatus, DateTimeOffset? TrustUpdatedAt, string? Plate, long Version)
{
    public static EntitySummary From(EntityView v) => new(v.Id, v.EntityType, v.FirstSeen, v.LastSeen, v.AppearanceCount, v.CamerasSeen,
        ThumbnailOf(v.ThumbnailDetectionId), v.TrustStatus, v.TrustUpdatedAt, v.Plate, v.StreamVersion);

    public static string? ThumbnailOf(long? detectionId) => detectionId is { } id ? $"/api/detections/{id}/image" : null;
}

/// <summary>One appearance (SEED-API §4 EntityAppearance); attributes stay empty until the enrichment groups feed them.</summary>
public sealed record EntityAppearanceResponse(
    string DetectionId, string CameraId, string CameraName, DateTimeOffset Timestamp, string ThumbnailUrl, double SimilarityScore,
    IReadOnlyDictionary<string, object?> Attributes)
{
    public static EntityAppearanceResponse From(EntityAppearance a, IReadOnlyDictionary<string, string> cameraNames) =>
        new(a.DetectionId.ToString(System.Globalization.CultureInfo.InvariantCulture), a.CameraId, cameraNames.GetValueOrDefault(a.CameraId) ?? a.CameraId,
            a.DetectedAt, $"/api/detections/{a.DetectionId}/image", Math.Round(a.Similarity, 4), new Dictionary<string, object?>());
}

/// <summary>SEED-API §4 EntityDetail: the summary and its appearances, oldest first.</summary>
public sealed record EntityDetail(
    Guid Id, EntityType EntityType, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int AppearanceCount, IReadOnlyList<string> CamerasSeen,
    string? ThumbnailUrl, TrustStatus TrustStatus, string? TrustNotes, DateTimeOffset? TrustUpdatedAt, string? Plate, long Version,
    IReadOnlyList<EntityAppearanceResponse> Appearances)
{
    public static EntityDetail From(EntityView v, IReadOnlyDictionary<string, string> cameraNames) =>
        new(v.Id, v.EntityType, v.FirstSeen, v.LastSeen, v.AppearanceCount, v.CamerasSeen, EntitySummary.ThumbnailOf(v.ThumbnailDetectionId),
            v.TrustStatus, v.TrustNotes, v.TrustUpdatedAt, v.Plate, v.StreamVersion, [.. v.Appearances.Select(a => EntityAppearanceResponse.From(a, cameraNames))]);
}

/// <summary>SEED-API §4 EntityTrustResponse (with the version a next write sends).</summary>
public sealed record EntityTrustResponse(
    Guid Id, EntityType EntityType, TrustStatus TrustStatus, string? TrustNotes, DateTimeOffset? TrustUpdatedAt,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int AppearanceCount, string? ThumbnailUrl, long Version)
{
    public static EntityTrustResponse From(EntityView v) => new(v.Id, v.EntityType, v.TrustStatus, v.TrustNotes, v.TrustUpdatedAt,
        v.FirstSeen, v.LastSeen, v.AppearanceCount, EntitySummary.ThumbnailOf(v.ThumbnailDetectionId), v.StreamVersion);
}

/// <summary>The route of one entity: <c>/api/entities/{entity_id}</c>, a UUID (anything else is 422).</summary>
public class EntityRequest
{
    public Guid EntityId { get; set; }
}

public static class EntityQueries
{
    public static async Task<EntityView?> LoadEntityOrNotFoundAsync(this IQuerySession session, Guid entityId, HttpContext ctx, CancellationToken ct) =>
        await session.LoadAsync<EntityView>(entityId, ct).OrNotFoundAsync(ctx, EntityDecisions.NotFound(entityId));

    /// <summary>Camera names (following renames) of the cameras named; a camera gone keeps its id as its name.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> CameraNamesAsync(this IQuerySession session, IEnumerable<string> cameraIds, CancellationToken ct)
    {
        var ids = cameraIds.Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<string, string>();
        return (await session.LoadManyAsync<CameraView>(ct, ids)).ToDictionary(c => c.Id, c => c.Name);
    }
}
