using Hsi.Domain.Retention;

namespace Hsi.Projections.Media;

/// <summary>The evictions of one UTC day, counted as they are recorded: what <c>evicted_today</c> reads.</summary>
public sealed class StorageEvictionDayView
{
    /// <summary>The UTC date, <c>yyyy-MM-dd</c>.</summary>
    public string Id { get; set; } = "";
    public int Count { get; set; }
    public long Bytes { get; set; }
    /// <summary>Of them, files of flagged events (evicted only when nothing else was left).</summary>
    public int FlaggedCount { get; set; }

    public static string DayOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The one writer of <see cref="StorageEvictionDayView"/>: a document per UTC day, from every media stream's <see cref="MediaEvicted"/>.</summary>
public partial class StorageEvictionDayProjection : MultiStreamProjection<StorageEvictionDayView, string>
{
    public StorageEvictionDayProjection() => Identity<MediaEvicted>(e => StorageEvictionDayView.DayOf(e.At));

    /// <summary>A day's first eviction (Marten applies no <see cref="Apply"/> to the event that creates the document).</summary>
    public StorageEvictionDayView Create(MediaEvicted e)
    {
        var view = new StorageEvictionDayView { Id = StorageEvictionDayView.DayOf(e.At) };
        Apply(e, view);
        return view;
    }

    public void Apply(MediaEvicted e, StorageEvictionDayView view)
    {
        view.Count++;
        view.Bytes += e.BytesFreed;
        if (e.Flagged) view.FlaggedCount++;
    }
}
