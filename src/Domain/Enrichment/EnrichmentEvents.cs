namespace Hsi.Domain.Enrichment;

/// <summary>Which model produced a group, and how long its inference took for this detection.</summary>
public record ModelRun(string ModelName, string? ModelVersion, double InferenceMs);

/// <summary>YuNet on a person crop: faces found, and the best face's score.</summary>
public record FaceGroup(bool Detected, int Count, double? Confidence, ModelRun Model);

/// <summary>
/// LPD-YuNet then PP-OCRv4 on a vehicle crop. <paramref name="Text"/> keeps only <c>[A-Z0-9]</c> (Latin plates);
/// <paramref name="RawText"/> is what the recogniser read. <paramref name="Bbox"/> is [x1, y1, x2, y2] in the original picture's pixels.
/// </summary>
public record LicensePlateGroup(
    bool Detected, double? Confidence, string? Text, string? RawText, double? OcrConfidence, double[]? Bbox, ModelRun Model);

/// <summary>MobileNetV2 (ImageNet) on a dog/cat crop: <paramref name="Type"/> is <c>dog</c> or <c>cat</c>, <paramref name="Breed"/> the ImageNet label.</summary>
public record PetGroup(bool Detected, string? Type, string? Breed, double? Confidence, ModelRun Model);

/// <summary>
/// Vehicle type from the detector class refined by the ImageNet vehicle classes; colour from a hue/value histogram of the crop.
/// </summary>
public record VehicleGroup(string? Type, string? Color, double? Confidence, bool? IsCommercial, string? ImageNetLabel, ModelRun Model);

/// <summary>Blur (variance of the Laplacian), brightness and contrast of the crop, folded into a 0–100 score.</summary>
public record ImageQualityGroup(
    double Score, bool IsBlurry, bool IsLowQuality, IReadOnlyList<string> QualityIssues,
    double LaplacianVariance, double Brightness, double Contrast, ModelRun Model);

/// <summary>A person re-identification embedding (OSNet, L2-normalised) for entity matching.</summary>
public record PersonEmbedding(float[] Vector, ModelRun Model);

/// <summary>A model that applied to the detection failed; the other groups still count.</summary>
public record EnrichmentError(string Group, string ModelName, string Error);

/// <summary>
/// What the enrichment models found for one detection. A group is null when no model applies to the
/// detection's class, or its model is unavailable (then <see cref="Unavailable"/> names the group).
/// </summary>
public record DetectionEnrichment(
    long DetectionId, string ObjectType,
    FaceGroup? Face, LicensePlateGroup? LicensePlate, PetGroup? Pet, VehicleGroup? Vehicle, ImageQualityGroup? ImageQuality,
    PersonEmbedding? Embedding, IReadOnlyList<EnrichmentError> Errors, IReadOnlyList<string> Unavailable, double ProcessingMs);

/// <summary>
/// The enrichment stage ran over a media file's detections (on <c>media:&lt;id&gt;</c>). A later run (a replay with a
/// new model) appends another; the newest per detection is the one in force, the old ones stay on record.
/// </summary>
/// <param name="ReplayId">The enrichment replay job that ran it; null for the pipeline's own run.</param>
public record DetectionEnriched(
    Guid MediaId, string CameraId, IReadOnlyList<DetectionEnrichment> Detections, DateTimeOffset EnrichedAt, Guid? ReplayId = null);
