using Hsi.Domain.Enrichment;
using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>A detection to enrich: its class and box in the original picture's pixels.</summary>
public readonly record struct EnrichmentTarget(long DetectionId, string ObjectType, int X, int Y, int Width, int Height);

/// <summary>One enrichment model as the registry sees it (for <c>/api/system/models</c>).</summary>
/// <param name="Status"><c>loaded</c>, <c>unavailable</c> (no model file, or none exists here) or <c>error</c> (it failed to load).</param>
public record EnrichmentModelStatus(
    string Name, string DisplayName, string Group, string Status, bool Enabled, string? Path, string? Provider,
    string? Reason, double? P50Ms, double? P95Ms, long InferenceCount);

/// <summary>
/// Runs the enrichment models that apply to each detection of one decoded picture. Never throws for a
/// model's failure or a degenerate box: that is an <see cref="EnrichmentError"/> of the detection.
/// </summary>
public interface IDetectionEnricher
{
    IReadOnlyList<DetectionEnrichment> Enrich(SKBitmap picture, IReadOnlyList<EnrichmentTarget> targets);

    /// <summary>Every model the stage knows, loaded or not, including the groups no model here can fill.</summary>
    IReadOnlyList<EnrichmentModelStatus> Models { get; }
}
