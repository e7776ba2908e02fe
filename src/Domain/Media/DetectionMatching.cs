namespace Hsi.Domain.Media;

/// <summary>One detection found again: the same object type in the same frame, boxes overlapping enough.</summary>
public sealed record MatchedDetection(RecordedDetection Before, RecordedDetection After, double IoU);

/// <summary>Two analyses of one file side by side: what both saw, what only the old one saw, what only the new one saw.</summary>
public sealed record DetectionMatch(IReadOnlyList<MatchedDetection> Matched, IReadOnlyList<RecordedDetection> Lost, IReadOnlyList<RecordedDetection> Gained);

/// <summary>
/// Matches the detections of two analyses of the same file: per object type and frame, the pairs
/// with the largest overlap first, each detection in at most one pair, IoU at least <see cref="MinIoU"/>.
/// </summary>
public static class DetectionMatching
{
    public const double MinIoU = 0.5;

    public static DetectionMatch Match(IReadOnlyList<RecordedDetection> before, IReadOnlyList<RecordedDetection> after)
    {
        var pairs =
            from b in before
            from a in after
            where a.ObjectType == b.ObjectType && a.FrameSeconds == b.FrameSeconds
            let iou = IoU(b, a)
            where iou >= MinIoU
            orderby iou descending, b.DetectionId, a.Confidence descending
            select new MatchedDetection(b, a, iou);

        var matched = new List<MatchedDetection>();
        var usedBefore = new HashSet<RecordedDetection>(ReferenceEqualityComparer.Instance);
        var usedAfter = new HashSet<RecordedDetection>(ReferenceEqualityComparer.Instance);
        foreach (var pair in pairs)
        {
            if (usedBefore.Contains(pair.Before) || usedAfter.Contains(pair.After)) continue;
            usedBefore.Add(pair.Before);
            usedAfter.Add(pair.After);
            matched.Add(pair);
        }
        return new DetectionMatch(matched, before.Where(b => !usedBefore.Contains(b)).ToList(), after.Where(a => !usedAfter.Contains(a)).ToList());
    }

    /// <summary>Intersection over union of two boxes in pixels.</summary>
    public static double IoU(RecordedDetection a, RecordedDetection b)
    {
        var w = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0) return 0;
        double intersection = (double)w * h;
        var union = (double)a.Width * a.Height + (double)b.Width * b.Height - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
