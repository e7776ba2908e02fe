using Hsi.Domain.Cameras;
using Hsi.Domain.Common;
using Hsi.Domain.Properties;

namespace Hsi.Domain.Tests.Properties;

public class PropertyDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly Household Home = new(1, "Home", false);
    private static readonly Property Cabin = new(7, 1, new PropertyDetails("Cabin", null, "Europe/Oslo"), false);

    [Theory]
    [InlineData("", "1–100")]
    [InlineData("   ", "1–100")]
    [InlineData("tab\there", "control")]
    public void A_bad_name_is_refused_naming_name(string name, string message)
    {
        var error = HouseholdDecisions.Create(new CreateHousehold(1, name), null, NameClaim.Free, Now).Error!;
        Assert.Equal((ErrorKind.Invalid, "name"), (error.Kind, error.Field));
        Assert.Contains(message, error.Message);
        Assert.Equal("name", HouseholdDecisions.Create(new CreateHousehold(1, new string('n', 101)), null, NameClaim.Free, Now).Error!.Field);
    }

    [Fact]
    public void A_name_held_by_a_sibling_is_a_conflict_but_keeping_ones_own_name_is_not()
    {
        Assert.Equal(ErrorKind.Conflict, HouseholdDecisions.Create(new CreateHousehold(2, " Home "), null, new NameClaim(1), Now).Error!.Kind);
        Assert.Empty(HouseholdDecisions.Rename(new RenameHousehold(1, "home"), Home with { Name = "home" }, new NameClaim(1), Now).Events);
        var renamed = Assert.IsType<HouseholdRenamed>(Assert.Single(HouseholdDecisions.Rename(new RenameHousehold(1, " Flat "), Home, NameClaim.Free, Now).Events));
        Assert.Equal("Flat", renamed.Name);
    }

    [Fact]
    public void A_property_defaults_to_utc_and_refuses_a_zone_that_is_not_iana()
    {
        var created = Assert.IsType<PropertyCreated>(Assert.Single(
            PropertyDecisions.Create(new CreateProperty(7, 1, new PropertyFields("Cabin")), null, Home, NameClaim.Free, Now).Events));
        Assert.Equal(new PropertyDetails("Cabin", null, "UTC"), created.Details);
        foreach (var zone in new[] { "Europe/Oslo", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "America/Port-au-Prince" })
            Assert.True(PropertyDecisions.Create(new CreateProperty(7, 1, new PropertyFields("Cabin", Timezone: zone)), null, Home, NameClaim.Free, Now).Succeeded, zone);
        foreach (var zone in new[] { "Mars/Olympus", "Pacific Standard Time", "", new string('x', 51), "../../etc/localtime", "/etc/localtime", "Europe/../Europe/Oslo" })
        {
            var error = PropertyDecisions.Create(new CreateProperty(7, 1, new PropertyFields("Cabin", Timezone: zone)), null, Home, NameClaim.Free, Now).Error!;
            Assert.Equal((ErrorKind.Invalid, "timezone"), (error.Kind, error.Field));
        }
    }

    [Fact]
    public void A_property_needs_a_live_household_and_changes_only_what_was_sent()
    {
        Assert.Equal(ErrorKind.NotFound, PropertyDecisions.Create(new CreateProperty(7, 1, new PropertyFields("Cabin")), null, Home with { Deleted = true }, NameClaim.Free, Now).Error!.Kind);
        var changed = Assert.IsType<PropertyChanged>(Assert.Single(
            PropertyDecisions.Change(new ChangeProperty(7, new PropertyFields(Address: "  1 Fjord Road ")), Cabin, NameClaim.Free, Now).Events));
        Assert.Equal(new PropertyDetails("Cabin", "1 Fjord Road", "Europe/Oslo"), changed.Details);
        Assert.Empty(PropertyDecisions.Change(new ChangeProperty(7, new PropertyFields(Timezone: "Europe/Oslo")), Cabin, NameClaim.Free, Now).Events);
    }

    [Fact]
    public void An_area_colour_is_stored_upper_case_with_a_default()
    {
        var plain = Assert.IsType<AreaCreated>(Assert.Single(AreaDecisions.Create(new CreateArea(3, 7, new AreaFields("Yard")), null, Cabin, NameClaim.Free, Now).Events));
        Assert.Equal("#76B900", plain.Details.Color);
        var red = Assert.IsType<AreaCreated>(Assert.Single(AreaDecisions.Create(new CreateArea(3, 7, new AreaFields("Yard", Color: "#ff00aa")), null, Cabin, NameClaim.Free, Now).Events));
        Assert.Equal("#FF00AA", red.Details.Color);
        Assert.Equal("color", AreaDecisions.Create(new CreateArea(3, 7, new AreaFields("Yard", Color: "red")), null, Cabin, NameClaim.Free, Now).Error!.Field);
        Assert.Equal(ErrorKind.NotFound, AreaDecisions.Create(new CreateArea(3, 7, new AreaFields("Yard")), null, Cabin with { Deleted = true }, NameClaim.Free, Now).Error!.Kind);
    }

    [Fact]
    public void A_camera_links_to_an_area_once_and_unlinks_only_when_linked()
    {
        var camera = StreamFold.Fold<Camera>([new CameraRegistered("porch", "Porch", "/cams/porch", CameraStatus.Online, null, Now)])!;
        var linked = CameraDecisions.LinkArea(new LinkCameraToArea("porch", 3), camera, true, Now);
        var withArea = StreamFold.Fold(linked.Events, camera)!;
        Assert.Equal([3], withArea.AreaIds);
        Assert.Equal(ErrorKind.Conflict, CameraDecisions.LinkArea(new LinkCameraToArea("porch", 3), withArea, true, Now).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, CameraDecisions.LinkArea(new LinkCameraToArea("porch", 4), camera, false, Now).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, CameraDecisions.UnlinkArea(new UnlinkCameraFromArea("porch", 3), camera, Now).Error!.Kind);
        Assert.Empty(StreamFold.Fold(CameraDecisions.UnlinkArea(new UnlinkCameraFromArea("porch", 3), withArea, Now).Events, withArea)!.AreaIds);
    }

    [Fact]
    public void A_camera_placed_at_an_unknown_property_is_refused_naming_property_id_and_null_clears()
    {
        var camera = StreamFold.Fold<Camera>([new CameraRegistered("porch", "Porch", "/cams/porch", CameraStatus.Online, null, Now), new CameraPropertyChanged("porch", 7, Now)])!;
        var unknown = CameraDecisions.Update(new UpdateCamera("porch", null, null, null, null, true, 8), camera, CameraClaims.None with { PropertyUnknown = true }, Now);
        Assert.Equal((ErrorKind.Invalid, "property_id"), (unknown.Error!.Kind, unknown.Error.Field));
        var cleared = Assert.IsType<CameraPropertyChanged>(Assert.Single(CameraDecisions.Update(new UpdateCamera("porch", null, null, null, null, true, null), camera, CameraClaims.None, Now).Events));
        Assert.Null(cleared.PropertyId);
        Assert.Empty(CameraDecisions.Update(new UpdateCamera("porch", "Porch", null, null, null), camera, CameraClaims.None, Now).Events);
    }

    [Fact]
    public void A_camera_area_set_replaces_the_links_it_had()
    {
        var camera = StreamFold.Fold<Camera>([
            new CameraRegistered("porch", "Porch", "/cams/porch", CameraStatus.Online, null, Now),
            new CameraAreaLinked("porch", 1, Now), new CameraAreaLinked("porch", 2, Now)])!;
        var decision = CameraDecisions.Update(new UpdateCamera("porch", null, null, null, null, AreaIds: [2, 3, 3]), camera, CameraClaims.None, Now);
        Assert.Equal([new CameraAreaUnlinked("porch", 1, Now), new CameraAreaLinked("porch", 3, Now)], decision.Events);
        Assert.Equal([2, 3], StreamFold.Fold(decision.Events, camera)!.AreaIds);
        var unknown = CameraDecisions.Update(new UpdateCamera("porch", null, null, null, null, AreaIds: [9]), camera, CameraClaims.None with { UnknownAreas = [9] }, Now);
        Assert.Equal((ErrorKind.Invalid, "area_ids"), (unknown.Error!.Kind, unknown.Error.Field));
    }
}
