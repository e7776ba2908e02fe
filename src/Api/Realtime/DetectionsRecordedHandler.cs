using Hsi.Api.Features.Detections;
using Hsi.Domain.Media;
using Hsi.Projections.Detections;
using Marten;

namespace Hsi.Api.Realtime;

/// <summary>After detections are committed (outbox), tells every <c>/ws/detections</c> client: one <c>detection.new</c> each.</summary>
public static class DetectionsRecordedHandler
{
    public const string Topic = "detections";

    public static async Task Handle(DetectionsRecorded message, IQuerySession session, RealtimeFanout fanout, CancellationToken ct)
    {
        var views = await session.LoadManyAsync<DetectionView>(ct, message.DetectionIds);
        foreach (var view in views.OrderBy(v => v.Id))
            await fanout.PublishAsync(Topic, "detection.new", DetectionResponse.From(view));
    }
}
