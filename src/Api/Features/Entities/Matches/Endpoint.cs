using FluentValidation;
using Hsi.Domain.Entities;
using Hsi.Inference.Entities;
using Hsi.Projections.Entities;

namespace Hsi.Api.Features.Entities.Matches;

public sealed class Request
{
    public long DetectionId { get; set; }

    /// <summary>person (the default, and the only type with embeddings).</summary>
    [QueryParam] public EntityType EntityType { get; set; } = EntityType.Person;

    /// <summary>Least cosine similarity 0–1; ENTITY_MATCH_THRESHOLD when left out.</summary>
    [QueryParam] public double? Threshold { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Threshold).InclusiveBetween(0, 1);
        RuleFor(r => r.EntityType).Equal(EntityType.Person).WithMessage("only person detections have embeddings to match");
    }
}

/// <summary>SEED-API §4 EntityMatchItem: a stored appearance as similar as the threshold asks, with the entity it belongs to.</summary>
public sealed record EntityMatchItem(
    Guid? EntityId, string DetectionId, EntityType EntityType, string CameraId, string CameraName, DateTimeOffset Timestamp, string ThumbnailUrl,
    double SimilarityScore, double TimeGapSeconds, IReadOnlyDictionary<string, object?> Attributes);

public sealed record EntityMatches(string QueryDetectionId, EntityType EntityType, IReadOnlyList<EntityMatchItem> Matches, int TotalMatches, double Threshold);

public sealed class Endpoint(IQuerySession session, EntityIndex index, EntityMatchSettings settings) : Endpoint<Request, EntityMatches>
{
    /// <summary>The most matches one answer lists, most similar first (total_matches counts them all).</summary>
    public const int MaxMatches = 100;

    public override void Configure()
    {
        Get("/api/entities/matches/{detection_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Stored person appearances whose embedding is at least as similar as threshold to this detection's (exact cosine)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var query = await session.LoadAsync<EntityAppearanceView>(req.DetectionId, ct);
        if (query?.Embedding is not { Length: > 0 } embedding)
        {
            await HttpContext.SendDetail(404, $"Detection {req.DetectionId} has no embedding");
            return;
        }
        var threshold = req.Threshold ?? settings.Threshold;
        var stored = await index.CurrentAsync(session, ct);
        var similar = EntityIndex.Similar(embedding, stored, threshold, int.MaxValue)
            .Where(m => m.Row.DetectionId != req.DetectionId).ToList();
        var shown = similar.Take(MaxMatches).ToList();
        var names = await session.CameraNamesAsync(shown.Select(m => m.Row.CameraId), ct);
        var items = shown.Select(m => new EntityMatchItem(m.Row.EntityId, m.Row.DetectionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            EntityType.Person, m.Row.CameraId, names.GetValueOrDefault(m.Row.CameraId) ?? m.Row.CameraId, m.Row.DetectedAt,
            $"/api/detections/{m.Row.DetectionId}/image", Math.Round(m.Similarity, 4), Math.Abs((query.DetectedAt - m.Row.DetectedAt).TotalSeconds),
            new Dictionary<string, object?>())).ToList();
        await Send.OkAsync(new EntityMatches(req.DetectionId.ToString(System.Globalization.CultureInfo.InvariantCulture), EntityType.Person,
            items, similar.Count, threshold), ct);
    }
}
