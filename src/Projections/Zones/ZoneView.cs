using Hsi.Domain.Common;
using Hsi.Domain.Zones;

namespace Hsi.Projections.Zones;

/// <summary>A camera's zone as it is now: the read model behind the zone endpoints (and, later, analysis).</summary>
public sealed class ZoneView
{
    public Guid Id { get; set; }
    public string CameraId { get; set; } = "";
    public string Name { get; set; } = "";
    public ZoneKind Kind { get; set; }
    public ZoneShape Shape { get; set; }
    public ZoneType ZoneType { get; set; }
    public List<List<double>> Coordinates { get; set; } = [];
    public string Color { get; set; } = "";
    public bool Enabled { get; set; }
    public int Priority { get; set; }
    public int? LoiterSeconds { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public void Take(ZoneOutline o, DateTimeOffset at)
    {
        (Name, Kind, Shape, ZoneType, Color, Enabled, Priority, LoiterSeconds) =
            (o.Name, o.Kind, o.Shape, o.ZoneType, o.Color, o.Enabled, o.Priority, o.LoiterSeconds);
        Coordinates = [.. o.Coordinates.Select(p => p.ToList())];
        UpdatedAt = StoredTime.Of(at);
    }
}
