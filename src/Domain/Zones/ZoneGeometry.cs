namespace Hsi.Domain.Zones;

/// <summary>A point in normalised image coordinates: (0,0) top-left, (1,1) bottom-right.</summary>
public readonly record struct ZonePoint(double X, double Y);

/// <summary>
/// The geometry of zones, on normalised coordinates: whether an outline is a usable zone, whether a
/// detection stands in one, and which side of a line it is on.
/// </summary>
public static class ZoneGeometry
{
    /// <summary>A client drawing by hand never needs more; a larger outline only costs every detection's test.</summary>
    public const int MaxPoints = 100;

    private const double SamePointTolerance = 1e-9;
    private const double MinArea = 1e-10;

    /// <summary>
    /// Where a detection is: the bottom-centre of its box (where a person stands), normalised by the
    /// picture's size and clamped to it. The box's centre would put a tall person's feet outside a
    /// doorstep zone that they are standing on.
    /// </summary>
    public static ZonePoint StandingPoint(int x, int y, int width, int height, int imageWidth, int imageHeight) => new(
        Math.Clamp((x + width / 2.0) / Math.Max(1, imageWidth), 0, 1),
        Math.Clamp((y + (double)height) / Math.Max(1, imageHeight), 0, 1));

    /// <summary>Why <paramref name="points"/> is not an outline of <paramref name="kind"/> and <paramref name="shape"/>, or null when it is.</summary>
    public static string? OutlineProblem(IReadOnlyList<IReadOnlyList<double>> points, ZoneKind kind, ZoneShape shape)
    {
        var needed = kind == ZoneKind.Line ? 2 : 3;
        if (points.Count > MaxPoints) return $"coordinates must have at most {MaxPoints} points, not {points.Count}";
        if (kind == ZoneKind.Line && points.Count != 2) return $"a line zone has exactly 2 points, not {points.Count}";
        if (points.Count < needed) return $"coordinates must have at least {needed} points, not {points.Count}";
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Count != 2) return $"point {i} must be [x, y]";
            foreach (var v in points[i])
                if (!double.IsFinite(v) || v < 0 || v > 1) return $"point {i} must have x and y between 0 and 1";
        }
        var outline = points.Select(p => new ZonePoint(p[0], p[1])).ToList();
        if (kind == ZoneKind.Line) return Same(outline[0], outline[1]) ? "the two points of a line zone must differ" : null;

        for (var i = 0; i < outline.Count; i++)
            if (Same(outline[i], outline[(i + 1) % outline.Count])) return $"points {i} and {(i + 1) % outline.Count} are the same point";
        // Crossings first: a symmetric bow-tie's two lobes cancel to no signed area, and the crossing is what is wrong with it.
        if (SelfIntersects(outline)) return "coordinates cross themselves: two edges that do not meet at a corner intersect";
        if (Math.Abs(SignedArea(outline)) < MinArea) return "coordinates enclose no area";
        if (shape == ZoneShape.Rectangle && !IsAxisAlignedRectangle(outline))
            return "a rectangle is 4 points with horizontal and vertical edges; use shape polygon for any other outline";
        return null;
    }

    /// <summary>Ray casting: whether <paramref name="p"/> is inside the polygon (a point on its border may count either way).</summary>
    public static bool Contains(IReadOnlyList<ZonePoint> polygon, ZonePoint p)
    {
        var inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            var (a, b) = (polygon[i], polygon[j]);
            if ((a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X - a.X) * (p.Y - a.Y) / (b.Y - a.Y) + a.X) inside = !inside;
        }
        return inside;
    }

    /// <summary>Which side of the line a→b the point is on: +1 left, −1 right, 0 on it; a crossing is a change of sign.</summary>
    public static int SideOf(ZonePoint a, ZonePoint b, ZonePoint p) => Math.Sign(Cross(a, b, p));

    private static bool Same(ZonePoint a, ZonePoint b) => Math.Abs(a.X - b.X) <= SamePointTolerance && Math.Abs(a.Y - b.Y) <= SamePointTolerance;

    /// <summary>The shoelace formula.</summary>
    private static double SignedArea(IReadOnlyList<ZonePoint> p)
    {
        var sum = 0.0;
        for (var i = 0; i < p.Count; i++) sum += p[i].X * p[(i + 1) % p.Count].Y - p[(i + 1) % p.Count].X * p[i].Y;
        return sum / 2;
    }

    /// <summary>Proper crossings of non-adjacent edges only: edges that merely touch at a corner are allowed.</summary>
    private static bool SelfIntersects(IReadOnlyList<ZonePoint> p)
    {
        var n = p.Count;
        if (n < 4) return false;
        for (var i = 0; i < n; i++)
        for (var j = i + 2; j < n; j++)
        {
            if (i == 0 && j == n - 1) continue; // the closing edge is adjacent to the first
            if (ProperlyCross(p[i], p[(i + 1) % n], p[j], p[(j + 1) % n])) return true;
        }
        return false;
    }

    private static bool ProperlyCross(ZonePoint a, ZonePoint b, ZonePoint c, ZonePoint d)
    {
        var (d1, d2) = (Math.Sign(Cross(c, d, a)), Math.Sign(Cross(c, d, b)));
        var (d3, d4) = (Math.Sign(Cross(a, b, c)), Math.Sign(Cross(a, b, d)));
        return d1 * d2 < 0 && d3 * d4 < 0;
    }

    private static double Cross(ZonePoint a, ZonePoint b, ZonePoint p) => (b.X - a.X) * (p.Y - a.Y) - (b.Y - a.Y) * (p.X - a.X);

    private static bool IsAxisAlignedRectangle(IReadOnlyList<ZonePoint> p) =>
        p.Count == 4 && Enumerable.Range(0, 4).All(i =>
        {
            var (a, b) = (p[i], p[(i + 1) % 4]);
            return Math.Abs(a.X - b.X) <= SamePointTolerance || Math.Abs(a.Y - b.Y) <= SamePointTolerance;
        });
}
