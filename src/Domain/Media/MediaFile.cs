using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Retention;

namespace Hsi.Domain.Media;

/// <summary>Where a media stream stands.</summary>
public enum MediaState { Unknown, Received, Analyzed, Rejected, Duplicate }

/// <summary>Write-side state of a <c>media:&lt;id&gt;</c> stream; immutable, rebuilt from its events.</summary>
/// <param name="Received">The file as accepted; null for a duplicate, which was never accepted.</param>
/// <param name="Detections">The newest analysis's detections; null before the first analysis.</param>
/// <param name="Evicted">Whether its files were removed for disk space (<see cref="MediaEvicted"/>).</param>
/// <param name="Enriched">Whether the newest analysis's detections have been enriched (DetectionEnriched since it).</param>
public sealed record MediaFile(
    Guid MediaId, MediaState State, MediaReceived? Received, IReadOnlyList<RecordedDetection>? Detections, bool Grouped, bool Expired,
    bool Enriched = false, bool Evicted = false)
    : IEvolving<MediaFile>
{
    public static MediaFile Create(MediaReceived e) => new(e.MediaId, MediaState.Received, e, null, false, false);
    public static MediaFile Create(DuplicateMediaSkipped e) => new(e.MediaId, MediaState.Duplicate, null, null, false, false);

    public MediaFile Apply(MediaAnalyzed e) => this with { State = MediaState.Analyzed, Detections = e.Detections };
    public MediaFile Apply(MediaReanalyzed e) => this with { Detections = e.Detections, Enriched = false };
    public MediaFile Apply(DetectionEnriched _) => this with { Enriched = true };
    public MediaFile Apply(MediaRejected _) => this with { State = MediaState.Rejected };
    public MediaFile Apply(DetectionsGrouped _) => this with { Grouped = true };
    public MediaFile Apply(MediaExpired _) => this with { Expired = true };
    public MediaFile Apply(MediaEvicted _) => this with { Evicted = true };

    public static MediaFile? Evolve(MediaFile? state, object e) => (state, e) switch
    {
        (_, MediaReceived x) => Create(x),
        (_, DuplicateMediaSkipped x) => Create(x),
        ({ } s, MediaAnalyzed x) => s.Apply(x),
        ({ } s, MediaReanalyzed x) => s.Apply(x),
        ({ } s, MediaRejected x) => s.Apply(x),
        ({ } s, DetectionsGrouped x) => s.Apply(x),
        ({ } s, MediaExpired x) => s.Apply(x),
        ({ } s, MediaEvicted x) => s.Apply(x),
        ({ } s, DetectionEnriched x) => s.Apply(x),
        _ => state,
    };
}
