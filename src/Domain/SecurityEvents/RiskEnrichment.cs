using Hsi.Domain.Enrichment;

namespace Hsi.Domain.SecurityEvents;

/// <summary>
/// What enrichment said of one of the event's detections, as the risk analyzer sees it (RiskInputs.DetectionEnrichments):
/// a face visible or not on a person, a read plate, a pet's kind, a vehicle's type and colour, the crop's quality.
/// A fact is null where no model decided it.
/// </summary>
public sealed record RiskEnrichment(
    long DetectionId, string ObjectType, bool? FaceVisible, int? FaceCount, string? PlateText, string? PetType,
    string? VehicleType, string? VehicleColor, double? QualityScore, bool? LowQuality)
{
    public static RiskEnrichment From(DetectionEnrichment e) => new(
        e.DetectionId, e.ObjectType, e.Face?.Detected, e.Face?.Count,
        e.LicensePlate is { Detected: true, Text: { Length: > 0 } text } ? text : null,
        e.Pet is { Detected: true } pet ? pet.Type : null,
        e.Vehicle?.Type, e.Vehicle?.Color, e.ImageQuality?.Score, e.ImageQuality?.IsLowQuality);
}
