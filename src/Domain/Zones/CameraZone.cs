namespace Hsi.Domain.Zones;

/// <summary>
/// An enabled zone of a camera as analysis and tracking use it: its outline as points, how it
/// counts (area or line) and what it means (type, priority, loitering limit).
/// </summary>
public sealed record CameraZone(
    Guid ZoneId, string Name, ZoneKind Kind, ZoneType ZoneType, int Priority, int? LoiterSeconds, IReadOnlyList<ZonePoint> Outline)
{
    /// <summary>Whether a standing point is inside: a line zone has no inside, it only counts crossings.</summary>
    public bool Contains(ZonePoint p) => Kind == ZoneKind.Area && ZoneGeometry.Contains(Outline, p);
}

/// <summary>Which of a camera's zones a detection stands in.</summary>
public static class ZoneMembership
{
    /// <summary>
    /// The ids of the area zones that the box's standing point (bottom-centre, normalised by the
    /// frame) falls in, highest priority first; none without a known frame size.
    /// </summary>
    public static IReadOnlyList<Guid> ZonesOf(int x, int y, int width, int height, int frameWidth, int frameHeight, IReadOnlyList<CameraZone> zones)
    {
        if (zones.Count == 0 || frameWidth <= 0 || frameHeight <= 0) return [];
        var point = ZoneGeometry.StandingPoint(x, y, width, height, frameWidth, frameHeight);
        return [.. zones.Where(z => z.Contains(point)).OrderByDescending(z => z.Priority).ThenBy(z => z.ZoneId).Select(z => z.ZoneId)];
    }
}
