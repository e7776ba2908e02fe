using Hsi.Api.Features.Retention;
using Hsi.Projections.Media;

namespace Hsi.Api.Features.Operations.Storage;

/// <summary>The files evicted for disk space since UTC midnight, and how many of them were of flagged events.</summary>
public sealed record EvictedToday(int Count, long Bytes, int Flagged);

/// <summary>
/// Where storage stands against its bounds. <c>used</c> (kept camera files, thumbnails and frames) is the eviction's
/// last measurement, taken at <c>measured_at</c> (null before its first check); <c>free</c> is the filesystem's now
/// (null where this node cannot read CAMERA_ROOT).
/// </summary>
public sealed record Response(
    long? Used, long? Limit, long? Free, double? FreePercent, double MinFreePercent, DateTimeOffset? OldestKept,
    EvictedToday EvictedToday, DateTimeOffset? MeasuredAt, DateTimeOffset Timestamp);

public sealed class Endpoint(IQuerySession session, StorageUsage usage, HsiSettings settings, TimeProvider clock) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/system/storage");
        Summary(s => s.Summary = "Storage of camera files and thumbnails against STORAGE_MAX_GB and STORAGE_MIN_FREE_PERCENT, the oldest file kept and today's evictions");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var last = await usage.LastAsync();
        var space = usage.Space();
        var oldest = (await session.Query<MediaView>().Where(m => m.EvictedAt == null)
            .OrderBy(m => m.ReceivedAt).Select(m => m.ReceivedAt).Take(1).ToListAsync(ct)).Cast<DateTimeOffset?>().FirstOrDefault();
        var today = await session.LoadAsync<StorageEvictionDayView>(StorageEvictionDayView.DayOf(now), ct);
        await Send.OkAsync(new Response(
            last?.UsedBytes, settings.StorageLimitBytes, space?.FreeBytes, space?.FreePercent, settings.StorageMinFreePercent, oldest,
            new EvictedToday(today?.Count ?? 0, today?.Bytes ?? 0, today?.FlaggedCount ?? 0), last?.MeasuredAt, now), ct);
    }
}
