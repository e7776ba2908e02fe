using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Marten;

namespace Hsi.Api.Tests.Baselines;

/// <summary>Detection history written straight to the event store: files with known detections at known hours.</summary>
public static class BaselineScenarios
{
    private static long _nextDetectionId = 5_000_000;

    /// <summary>The start of the current UTC hour: baselines end before it.</summary>
    public static DateTimeOffset ThisHour
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        }
    }

    /// <summary>One analysed file at <paramref name="at"/> with <paramref name="count"/> detections of <paramref name="type"/>; its media id.</summary>
    public static async Task<Guid> AnalyzedFileAsync(this IDocumentStore store, string camera, DateTimeOffset at, string type, int count)
    {
        var mediaId = Guid.CreateVersion7();
        var path = $"/cameras/{camera}/{mediaId}.jpg";
        var detections = Detections(at, type, count);
        await using var session = store.LightweightSession();
        session.Events.StartStream(StreamKeys.Media(mediaId),
            new MediaReceived(mediaId, camera, path, "image/jpeg", MediaType.Image, mediaId.ToString("N"), 1, at),
            new MediaAnalyzed(mediaId, camera, path, "image/jpeg", MediaType.Image,
                new AnalysisModel("yolox_nano", "test", "yolox", "CPUExecutionProvider"), new AnalysisTimings(1, 1, 1, 3, 1), null, detections, at));
        await session.SaveChangesAsync();
        return mediaId;
    }

    /// <summary>A detector replay of the file: <paramref name="count"/> detections of <paramref name="type"/> replace those it had.</summary>
    public static async Task ReanalyzedFileAsync(this IDocumentStore store, Guid mediaId, string camera, DateTimeOffset at, string type, int count)
    {
        var path = $"/cameras/{camera}/{mediaId}.jpg";
        await using var session = store.LightweightSession();
        var replaced = (await session.Events.FetchStreamAsync(StreamKeys.Media(mediaId))).Select(e => e.Data).OfType<MediaAnalyzed>()
            .SelectMany(a => a.Detections).Select(d => d.DetectionId).ToList();
        session.Events.Append(StreamKeys.Media(mediaId), new MediaReanalyzed(mediaId, camera, path, "image/jpeg", MediaType.Image,
            new AnalysisModel("yolox_nano", "test", "yolox", "CPUExecutionProvider"), new AnalysisTimings(1, 1, 1, 3, 1), null,
            Detections(at, type, count), replaced, 0.5, Guid.NewGuid(), at));
        await session.SaveChangesAsync();
    }

    private static List<RecordedDetection> Detections(DateTimeOffset at, string type, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new RecordedDetection(Interlocked.Increment(ref _nextDetectionId), type, 0.9, 10 * i, 20, 30, 40, at.AddSeconds(i), null))];
}
