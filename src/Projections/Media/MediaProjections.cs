namespace Hsi.Projections.Media;

/// <summary>The media module's read side. Inline: an upload's state (and a day's evictions) is read back at once.</summary>
public static class MediaProjections
{
    public static StoreOptions AddMediaProjections(this StoreOptions opts)
    {
        opts.Projections.Add<MediaViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<MediaView>()
            .Duplicate(m => m.FilePath)
            .Duplicate(m => m.CameraId)
            .Duplicate(m => m.ReceivedAt)
            .Duplicate(m => m.EvictedAt)
            // A camera's last_seen_at is the newest file it sent: one index probe per camera.
            .Index(m => m.CameraId, i => { i.Columns = ["camera_id", "received_at"]; i.Name = "ix_mediaview_camera_id_received_at"; })
            // Storage eviction walks the files still kept, oldest first; oldest_kept is its first entry.
            .Index(m => m.ReceivedAt, i => { i.Columns = ["received_at", "id"]; i.Predicate = "evicted_at is null"; i.Name = "ix_mediaview_kept_received_at"; });
        opts.Projections.Add<StorageEvictionDayProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
