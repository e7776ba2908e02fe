using Hsi.Domain.SecurityEvents;

namespace Hsi.Inference.Tests.Risk;

/// <summary>Security events as an analyzer sees them, built from a few detections.</summary>
internal static class RiskInputsExamples
{
    public static readonly Guid Media = Guid.Parse("0190c0de-0000-7000-8000-000000000001");

    public static BatchedDetection Seen(string type, DateTimeOffset at, double confidence = 0.9, Guid? media = null, long id = 1) =>
        new(id, media ?? Media, type, confidence, 100, 120, 80, 200, at);

    public static RiskInputs Event(string timezone, params BatchedDetection[] detections) => Event(timezone, 0, detections);

    public static RiskInputs Event(string timezone, int recentEvents, params BatchedDetection[] detections) =>
        new(7, "front_door", "Front Door", timezone, detections.Min(d => d.DetectedAt), detections.Max(d => d.DetectedAt), detections, recentEvents);
}
