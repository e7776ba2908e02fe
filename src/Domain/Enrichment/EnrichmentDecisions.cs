using Hsi.Domain.Common;
using Hsi.Domain.Media;

namespace Hsi.Domain.Enrichment;

/// <summary>Record what the enrichment models found for a file's current detections (the stage, or a replay job).</summary>
/// <param name="ReplayId">The enrichment replay job; null for the pipeline's own run.</param>
public sealed record RecordEnrichment(Guid MediaId, IReadOnlyList<DetectionEnrichment> Detections, DateTimeOffset At, Guid? ReplayId = null);

/// <summary>
/// Pure deciders of enrichment on a media stream. The pipeline enriches a file's current analysis once
/// (a retried or duplicated message records nothing); a replay may enrich it again, adding a newer fact
/// and keeping the old. Either way only the detections of the file's current analysis are enriched.
/// </summary>
public static class EnrichmentDecisions
{
    /// <summary>Whether the pipeline still has to enrich the file: analysed, with detections, not yet enriched since, not expired.</summary>
    public static bool AwaitsEnrichment(MediaFile? state) =>
        state is { Received: not null, Expired: false, Enriched: false, Detections.Count: > 0 };

    /// <summary>Why the file cannot be enriched at all, or null when it can.</summary>
    public static string? WhyNotEnrichable(MediaFile? state) => state switch
    {
        null or { Received: null } => "no such media",
        { Detections: null } => "not analysed",
        { Expired: true } => "expired",
        { Detections.Count: 0 } => "no detections",
        _ => null,
    };

    public static Decision Enrich(RecordEnrichment cmd, MediaFile? state)
    {
        if (cmd.ReplayId is null && !AwaitsEnrichment(state)) return Decision.Of();
        if (WhyNotEnrichable(state) is { } why) return Decision.Refuse(ErrorKind.Inconsistent, why);
        var current = state!.Detections!.Select(d => d.DetectionId).ToHashSet();
        if (cmd.Detections.Count == 0 || !cmd.Detections.All(d => current.Contains(d.DetectionId)))
            return Decision.Refuse(ErrorKind.Inconsistent, "the file's detections changed since they were enriched");
        return Decision.Of(new DetectionEnriched(cmd.MediaId, state.Received!.CameraId, cmd.Detections, cmd.At, cmd.ReplayId));
    }
}
