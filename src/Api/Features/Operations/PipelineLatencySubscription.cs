using Hsi.Domain.Media;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Media;
using Hsi.Projections.SecurityEvents;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Hsi.Api.Infrastructure;
using Marten.Subscriptions;

namespace Hsi.Api.Features.Operations;

/// <summary>
/// The pipeline's real timings, from the facts the store records as a file goes through it: received (the folder
/// watcher or an upload took it) → analysed (<c>watch_to_detect</c>); analysed → its detections joined a security event
/// (<c>detect_to_batch</c>); the event's batch closed → its risk decided (<c>batch_to_analyze</c>); the event's first
/// file received → risk decided (<c>total_pipeline</c>). Run by the async daemon once per event, whichever node did the
/// work; the other end of each stretch is read from the inline views (MediaView, SecurityEventView).
/// </summary>
public sealed class PipelineLatencySubscription : SubscriptionBase
{
    public const string SubscriptionName = "pipeline_latency";

    private readonly PipelineLatencies _latencies;
    private readonly TimeProvider _clock;

    public PipelineLatencySubscription(PipelineLatencies latencies, TimeProvider clock)
    {
        _latencies = latencies;
        _clock = clock;
        Name = SubscriptionName;
        IncludeType<MediaAnalyzed>();
        IncludeType<DetectionsAttached>();
        IncludeType<RiskAssessed>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        // Older than the longest window: history, not a timing anyone asks for (a new store catching up).
        var since = _clock.GetUtcNow() - PipelineLatencies.KeptFor;
        var events = page.Events.Where(e => e.Timestamp >= since).ToList();
        var mediaIds = events.Select(e => e.Data switch { MediaAnalyzed a => a.MediaId, DetectionsAttached d => d.MediaId, _ => Guid.Empty })
            .Where(id => id != Guid.Empty).Distinct().ToList();
        var eventIds = events.Select(e => e.Data is RiskAssessed r ? r.EventId : 0).Where(id => id != 0).Distinct().ToList();
        var media = mediaIds.Count == 0 ? new Dictionary<Guid, MediaView>()
            : (await operations.LoadManyAsync<MediaView>(cancellationToken, mediaIds)).ToDictionary(m => m.Id);
        var securityEvents = eventIds.Count == 0 ? new Dictionary<long, SecurityEventView>()
            : (await operations.LoadManyAsync<SecurityEventView>(cancellationToken, eventIds)).ToDictionary(v => v.Id);

        var samples = new List<PipelineLatencies.Sample>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case MediaAnalyzed a when media.TryGetValue(a.MediaId, out var m):
                    samples.Add(new(PipelineLatencies.WatchToDetect, a.AnalyzedAt, a.AnalyzedAt - m.ReceivedAt, e.Sequence));
                    break;
                case DetectionsAttached d when media.TryGetValue(d.MediaId, out var m) && m.CompletedAt is { } analyzedAt:
                    samples.Add(new(PipelineLatencies.DetectToBatch, d.At, d.At - analyzedAt, e.Sequence));
                    break;
                case RiskAssessed r when securityEvents.TryGetValue(r.EventId, out var v):
                    if (v.ClosedAt is { } closedAt) samples.Add(new(PipelineLatencies.BatchToAnalyze, r.At, r.At - closedAt, e.Sequence));
                    if (v.DetectionCount > 0) samples.Add(new(PipelineLatencies.Total, r.At, r.At - v.StartedAt, e.Sequence));
                    break;
            }
        }
        await _latencies.RecordAsync(samples);
        return NoDocumentChanges.Instance;
    }
}
