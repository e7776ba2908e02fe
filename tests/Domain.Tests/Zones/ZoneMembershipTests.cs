using Hsi.Domain.Zones;

namespace Hsi.Domain.Tests.Zones;

public class ZoneMembershipTests
{
    private static CameraZone Area(Guid id, int priority, params (double X, double Y)[] outline) =>
        new(id, "a", ZoneKind.Area, ZoneType.Yard, priority, null, [.. outline.Select(p => new ZonePoint(p.X, p.Y))]);

    private static readonly Guid Left = Guid.Parse("0193a5c4-0000-7000-8000-000000000001");
    private static readonly Guid Bottom = Guid.Parse("0193a5c4-0000-7000-8000-000000000002");
    private static readonly Guid Line = Guid.Parse("0193a5c4-0000-7000-8000-000000000003");

    private static readonly IReadOnlyList<CameraZone> Zones =
    [
        Area(Left, 10, (0, 0), (0.5, 0), (0.5, 1), (0, 1)),
        Area(Bottom, 50, (0, 0.5), (1, 0.5), (1, 1), (0, 1)),
        new(Line, "gate", ZoneKind.Line, ZoneType.Perimeter, 90, null, [new(0, 0.9), new(1, 0.9)]),
    ];

    [Fact]
    public void A_box_is_in_the_zones_its_feet_stand_in_highest_priority_first()
    {
        // Head in the top half, feet (bottom-centre 100, 180 of 400x200) in the bottom-left quarter.
        Assert.Equal([Bottom, Left], ZoneMembership.ZonesOf(80, 20, 40, 160, 400, 200, Zones));
    }

    [Fact]
    public void The_box_centre_does_not_count_only_the_standing_point()
    {
        // Centre (300, 50) top-right; feet (300, 90) still in the top half and right: in no zone.
        Assert.Empty(ZoneMembership.ZonesOf(280, 10, 40, 80, 400, 200, Zones));
    }

    [Fact]
    public void A_line_zone_contains_nothing_and_an_unknown_frame_size_places_nothing()
    {
        Assert.DoesNotContain(Line, ZoneMembership.ZonesOf(0, 0, 400, 200, 400, 200, Zones));
        Assert.Empty(ZoneMembership.ZonesOf(80, 20, 40, 160, 0, 0, Zones));
    }
}
