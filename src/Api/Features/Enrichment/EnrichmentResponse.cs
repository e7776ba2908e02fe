using Hsi.Domain.Enrichment;
using Hsi.Projections.Enrichment;

namespace Hsi.Api.Features.Enrichment;

/// <summary>Which model filled a group (SEED-API §5 EnrichmentModelInfo).</summary>
public sealed record ModelInfo(string ModelName, string? ModelVersion, double? InferenceTimeMs)
{
    public static ModelInfo From(ModelRun run) => new(run.ModelName, run.ModelVersion, Math.Round(run.InferenceMs, 3));
}

public sealed record LicensePlateResponse(
    bool Detected, double? Confidence, string? Text, string? RawText, double? OcrConfidence, IReadOnlyList<double>? Bbox, ModelInfo ModelInfo);

public sealed record FaceResponse(bool Detected, int Count, double? Confidence, ModelInfo ModelInfo);

/// <summary>No damage model exists here: <c>damage_detected</c> and <c>damage_types</c> stay null.</summary>
public sealed record VehicleResponse(
    string? Type, string? Color, double? Confidence, bool? IsCommercial, bool? DamageDetected, IReadOnlyList<string>? DamageTypes,
    string? ImagenetLabel, ModelInfo ModelInfo);

/// <summary><c>quality_change_detected</c> needs a camera's history of quality; null here.</summary>
public sealed record ImageQualityResponse(
    double Score, bool IsBlurry, bool IsLowQuality, IReadOnlyList<string> QualityIssues, bool? QualityChangeDetected,
    double LaplacianVariance, double Brightness, double Contrast, ModelInfo ModelInfo);

/// <summary><c>is_household_pet</c> needs the household's pets; null here.</summary>
public sealed record PetResponse(bool Detected, string? Type, string? Breed, double? Confidence, bool? IsHouseholdPet, ModelInfo ModelInfo);

/// <summary>
/// One detection's enrichment (SEED-API §5 EnrichmentResponse). A group is null when no model here applies to the
/// detection's class or its model is unavailable (<see cref="Unavailable"/> names those); clothing, violence, weather,
/// pose and depth have no model here and are always null (SPEC.md §6). <see cref="Errors"/> says which model failed,
/// not how: the detail is in the stream and the logs.
/// </summary>
public sealed record EnrichmentResponse(
    long DetectionId, DateTimeOffset? EnrichedAt, double? ProcessingTimeMs, IReadOnlyList<string> Errors,
    LicensePlateResponse? LicensePlate, FaceResponse? Face, VehicleResponse? Vehicle, object? Clothing, object? Violence,
    object? Weather, object? Pose, object? Depth, ImageQualityResponse? ImageQuality, PetResponse? Pet,
    IReadOnlyList<string> Unavailable, EnrichmentSummary EnrichmentStatus, Guid? ReplayId)
{
    /// <summary>A detection not enriched yet (or with the stage off): every group null.</summary>
    public static EnrichmentResponse NotYet(long detectionId, EnrichmentSummary status) =>
        new(detectionId, null, null, [], null, null, null, null, null, null, null, null, null, null, [], status, null);

    public static EnrichmentResponse From(DetectionEnrichmentView view)
    {
        var e = view.Enrichment;
        return new(e.DetectionId, view.EnrichedAt, Math.Round(e.ProcessingMs, 3),
            [.. e.Errors.Select(x => $"{x.Group}: {x.ModelName} failed")],
            e.LicensePlate is { } p
                ? new(p.Detected, p.Confidence, p.Text, p.RawText, p.OcrConfidence, p.Bbox, ModelInfo.From(p.Model))
                : null,
            e.Face is { } f ? new(f.Detected, f.Count, f.Confidence, ModelInfo.From(f.Model)) : null,
            e.Vehicle is { } v ? new(v.Type, v.Color, v.Confidence, v.IsCommercial, null, null, v.ImageNetLabel, ModelInfo.From(v.Model)) : null,
            null, null, null, null, null,
            e.ImageQuality is { } q
                ? new(q.Score, q.IsBlurry, q.IsLowQuality, q.QualityIssues, null, q.LaplacianVariance, q.Brightness, q.Contrast, ModelInfo.From(q.Model))
                : null,
            e.Pet is { } pet ? new(pet.Detected, pet.Type, pet.Breed, pet.Confidence, null, ModelInfo.From(pet.Model)) : null,
            e.Unavailable, EnrichmentSummary.Of(e), view.ReplayId);
    }
}
