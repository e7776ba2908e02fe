using System.Text.Json;
using Hsi.Projections.Media;
using Prometheus;
using StackExchange.Redis;

namespace Hsi.Api.Features.Retention;

/// <summary>What the camera files and the pictures made from them took when the eviction last measured.</summary>
/// <param name="MediaBytes">Kept camera files, by the size each was received with.</param>
/// <param name="DerivedBytes">Thumbnails and extracted frames under DATA_DIR.</param>
/// <param name="MeasuredAt">When it was measured.</param>
public sealed record StorageMeasurement(long MediaBytes, long DerivedBytes, DateTimeOffset MeasuredAt)
{
    public long UsedBytes => MediaBytes + DerivedBytes;
}

/// <summary>The filesystem CAMERA_ROOT is on, as statvfs has it now.</summary>
public sealed record FilesystemSpace(long TotalBytes, long FreeBytes)
{
    public double FreePercent => TotalBytes <= 0 ? 100 : Math.Round(100.0 * FreeBytes / TotalBytes, 2);
}

/// <summary>
/// Measures the storage the eviction keeps within bounds. The measurement (a sum over the kept media's
/// documents and a walk of DATA_DIR's derived pictures) is made by the node that runs the eviction and kept
/// in Redis (<c>{REDIS_PREFIX}:storage</c>), so every node's <c>GET /api/system/storage</c> and metrics serve
/// the same figure without walking the disk per request.
/// </summary>
public sealed class StorageUsage(IDocumentStore store, IConnectionMultiplexer redis, HsiSettings settings, ILogger<StorageUsage> logger)
{
    private static readonly Gauge Used = Metrics.CreateGauge("hsi_storage_used_bytes", "Bytes of kept camera files, thumbnails and frames, as last measured.");
    private static readonly Gauge Limit = Metrics.CreateGauge("hsi_storage_limit_bytes", "STORAGE_MAX_GB in bytes; 0 when there is no cap.");
    private static readonly Gauge Free = Metrics.CreateGauge("hsi_storage_free_bytes", "Bytes free on the filesystem CAMERA_ROOT is on.");
    private static readonly Gauge FreePercent = Metrics.CreateGauge("hsi_storage_free_percent", "Percent free on the filesystem CAMERA_ROOT is on.");

    private RedisKey Key => $"{settings.RedisPrefix}:storage";

    public string ThumbnailsDir { get; } = Path.Combine(settings.DataDir, "thumbnails");
    public string FramesDir { get; } = Path.Combine(settings.DataDir, "frames");

    public async Task<StorageMeasurement> MeasureAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var kept = session.Query<MediaView>().Where(m => m.EvictedAt == null);
        var media = await kept.AnyAsync(ct) ? await kept.SumAsync(m => m.SizeBytes, ct) : 0;
        return new StorageMeasurement(media, BytesUnder(ThumbnailsDir) + BytesUnder(FramesDir), now);
    }

    /// <summary>Null where CAMERA_ROOT cannot be read (not mounted, e.g. on a worker).</summary>
    public FilesystemSpace? Space()
    {
        try
        {
            var drive = new DriveInfo(settings.CameraRoot);
            return new FilesystemSpace(drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    public async Task PublishAsync(StorageMeasurement measurement)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(Key, JsonSerializer.Serialize(measurement, JsonDefaults.Options));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Storage measurement not shared: {Error}", ex.Message);
        }
    }

    /// <summary>The last measurement any node shared; null before the first, or while Redis is away.</summary>
    public async Task<StorageMeasurement?> LastAsync()
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key);
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StorageMeasurement>(value.ToString(), JsonDefaults.Options);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }

    public void Register(CollectorRegistry registry) => registry.AddBeforeCollectCallback(async _ =>
    {
        if (await LastAsync() is { } last) Used.Set(last.UsedBytes);
        Limit.Set(settings.StorageLimitBytes ?? 0);
        if (Space() is { } space)
        {
            Free.Set(space.FreeBytes);
            FreePercent.Set(space.FreePercent);
        }
    });

    private static long BytesUnder(string dir) =>
        Directory.Exists(dir)
            ? new DirectoryInfo(dir).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
                .Sum(f => f.Length)
            : 0;
}
