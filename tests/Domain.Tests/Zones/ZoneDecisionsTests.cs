using Hsi.Domain.Common;
using Hsi.Domain.Zones;

namespace Hsi.Domain.Tests.Zones;

public class ZoneDecisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0193a5c4-0000-7000-8000-0000000000a1");

    private static IReadOnlyList<IReadOnlyList<double>> Points(params double[] xy) =>
        [.. Enumerable.Range(0, xy.Length / 2).Select(i => (IReadOnlyList<double>)[xy[2 * i], xy[2 * i + 1]])];

    private static Decision Create(ZoneFields fields) => ZoneDecisions.Create(new CreateZone(Id, "porch", fields), null, T0);

    private static Zone Created(ZoneFields fields) => StreamFold.Fold<Zone>(Create(fields).Events)!;

    [Fact]
    public void A_rectangle_with_only_the_required_fields_gets_the_defaults()
    {
        var created = Assert.IsType<ZoneCreated>(Assert.Single(Create(new ZoneFields("Door", Coordinates: Points(0.1, 0.1, 0.4, 0.1, 0.4, 0.5, 0.1, 0.5))).Events));
        Assert.Equal((ZoneKind.Area, ZoneShape.Rectangle, ZoneType.Other, "#3B82F6", true, 0),
            (created.Outline.Kind, created.Outline.Shape, created.Outline.ZoneType, created.Outline.Color, created.Outline.Enabled, created.Outline.Priority));
    }

    [Theory]
    [InlineData("bow-tie", "polygon", "area", new[] { 0.1, 0.1, 0.9, 0.9, 0.9, 0.1, 0.1, 0.9 }, "cross themselves")]
    [InlineData("two points", "polygon", "area", new[] { 0.1, 0.1, 0.9, 0.9 }, "at least 3 points")]
    [InlineData("repeated point", "polygon", "area", new[] { 0.1, 0.1, 0.1, 0.1, 0.9, 0.9 }, "same point")]
    [InlineData("collinear", "polygon", "area", new[] { 0.1, 0.1, 0.5, 0.5, 0.9, 0.9 }, "no area")]
    [InlineData("outside the picture", "polygon", "area", new[] { 0.1, 0.1, 1.5, 0.1, 0.5, 0.9 }, "between 0 and 1")]
    [InlineData("slanted rectangle", "rectangle", "area", new[] { 0.1, 0.1, 0.5, 0.2, 0.4, 0.6, 0.0, 0.5 }, "horizontal and vertical")]
    [InlineData("three-point line", "polygon", "line", new[] { 0.1, 0.1, 0.5, 0.5, 0.9, 0.1 }, "exactly 2 points")]
    public void A_bad_outline_is_refused_naming_coordinates(string _, string shape, string kind, double[] xy, string message)
    {
        var decision = Create(new ZoneFields("Z", Kind: Enum.Parse<ZoneKind>(kind, true), Shape: Enum.Parse<ZoneShape>(shape, true), Coordinates: Points(xy)));
        Assert.Equal((ErrorKind.Invalid, "coordinates"), (decision.Error!.Kind, decision.Error.Field));
        Assert.Contains(message, decision.Error.Message);
    }

    [Fact]
    public void Numbers_that_are_not_numbers_and_huge_outlines_are_refused()
    {
        Assert.Equal("coordinates", Create(new ZoneFields("Z", Shape: ZoneShape.Polygon, Coordinates: Points(0.1, double.NaN, 0.5, 0.5, 0.9, 0.1))).Error!.Field);
        Assert.Equal("coordinates", Create(new ZoneFields("Z", Shape: ZoneShape.Polygon, Coordinates: Points(0.1, 1e308, 0.5, 0.5, 0.9, 0.1))).Error!.Field);
        var many = Enumerable.Range(0, 10_000).SelectMany(i => new[] { 0.5 + 0.4 * Math.Cos(i * 2 * Math.PI / 10_000), 0.5 + 0.4 * Math.Sin(i * 2 * Math.PI / 10_000) }).ToArray();
        Assert.Contains("at most", Create(new ZoneFields("Z", Shape: ZoneShape.Polygon, Coordinates: Points(many))).Error!.Message);
    }

    [Theory]
    [InlineData("", null, null, null, "name")]
    [InlineData("Z", "red", null, null, "color")]
    [InlineData("Z", null, 101, null, "priority")]
    [InlineData("Z", null, null, 0, "loiter_seconds")]
    public void Other_fields_are_checked_before_anything_is_recorded(string name, string? color, int? priority, int? loiter, string field) =>
        Assert.Equal(field, Create(new ZoneFields(name, Coordinates: Points(0.1, 0.1, 0.4, 0.1, 0.4, 0.5, 0.1, 0.5), Color: color, Priority: priority,
            LoiterSeconds: loiter)).Error!.Field);

    [Fact]
    public void A_change_applies_only_the_fields_sent_and_the_same_values_record_nothing()
    {
        var zone = Created(new ZoneFields("Door", Coordinates: Points(0.1, 0.1, 0.4, 0.1, 0.4, 0.5, 0.1, 0.5)));

        var changed = Assert.IsType<ZoneChanged>(Assert.Single(ZoneDecisions.Change(new ChangeZone(Id, "porch", new ZoneFields(Priority: 80)), zone, T0).Events));
        Assert.Equal(("Door", 80), (changed.Outline.Name, changed.Outline.Priority));
        Assert.Empty(ZoneDecisions.Change(new ChangeZone(Id, "porch", new ZoneFields("Door", Coordinates: Points(0.1, 0.1, 0.4, 0.1, 0.4, 0.5, 0.1, 0.5))), zone, T0).Events);
        Assert.Equal("coordinates", ZoneDecisions.Change(new ChangeZone(Id, "porch", new ZoneFields(Shape: ZoneShape.Rectangle,
            Coordinates: Points(0.1, 0.1, 0.9, 0.9, 0.9, 0.1))), zone, T0).Error!.Field);
    }

    [Fact]
    public void A_zone_of_another_camera_or_deleted_is_not_found()
    {
        var zone = Created(new ZoneFields("Door", Coordinates: Points(0.1, 0.1, 0.4, 0.1, 0.4, 0.5, 0.1, 0.5)));
        Assert.Equal(ErrorKind.NotFound, ZoneDecisions.Change(new ChangeZone(Id, "garage", new ZoneFields(Priority: 1)), zone, T0).Error!.Kind);
        var deleted = StreamFold.Fold(ZoneDecisions.Delete(new DeleteZone(Id, "porch"), zone, T0).Events, zone)!;
        Assert.Equal(ErrorKind.NotFound, ZoneDecisions.Delete(new DeleteZone(Id, "porch"), deleted, T0).Error!.Kind);
    }
}

public class ZoneGeometryTests
{
    [Fact]
    public void A_detection_stands_at_the_bottom_centre_of_its_box()
    {
        // The person fixture (640×424): person at 188,97 89×275 stands at (232.5/640, 372/424).
        var feet = ZoneGeometry.StandingPoint(188, 97, 89, 275, 640, 424);
        Assert.Equal(232.5 / 640, feet.X, 6);
        Assert.Equal(372.0 / 424, feet.Y, 6);
    }

    [Fact]
    public void Ray_casting_tells_inside_from_outside_a_concave_outline()
    {
        ZonePoint[] l = [new(0, 0), new(0.5, 0), new(0.5, 0.5), new(1, 0.5), new(1, 1), new(0, 1)];
        Assert.True(ZoneGeometry.Contains(l, new(0.25, 0.25)));
        Assert.True(ZoneGeometry.Contains(l, new(0.75, 0.75)));
        Assert.False(ZoneGeometry.Contains(l, new(0.75, 0.25)));
    }

    [Fact]
    public void The_side_of_a_line_changes_when_a_point_crosses_it()
    {
        ZonePoint a = new(0.5, 0), b = new(0.5, 1);
        Assert.Equal(-ZoneGeometry.SideOf(a, b, new(0.4, 0.5)), ZoneGeometry.SideOf(a, b, new(0.6, 0.5)));
        Assert.Equal(0, ZoneGeometry.SideOf(a, b, new(0.5, 0.3)));
    }
}
