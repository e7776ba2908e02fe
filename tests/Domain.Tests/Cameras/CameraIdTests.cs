using Hsi.Domain.Cameras;

namespace Hsi.Domain.Tests.Cameras;

public class CameraIdTests
{
    [Theory]
    [InlineData("/srv/cams/Front Door", "front_door")]
    [InlineData("Front Door", "front_door")]
    [InlineData("front-door", "front_door")]
    [InlineData("  Back -- Yard  ", "back_yard")]
    [InlineData("garage/Side_Gate/", "side_gate")]
    [InlineData("Cam #1 (north)", "cam_1_north")]
    [InlineData("__x__", "x")]
    [InlineData("???", "")]
    public void Id_comes_from_the_last_folder_segment(string folder, string expected) =>
        Assert.Equal(expected, CameraId.FromFolder(folder));

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/../../b")]
    [InlineData("a\u0001b")]
    [InlineData("bad|name")]
    [InlineData("what?")]
    [InlineData("C:drive")]
    [InlineData("")]
    public void Unsafe_or_malformed_folders_are_refused(string folder) =>
        Assert.NotNull(CameraRules.FolderProblem(folder));

    [Fact]
    public void Folder_of_501_characters_is_refused_and_500_in_short_segments_accepted()
    {
        Assert.NotNull(CameraRules.FolderProblem(new string('a', 501)));
        Assert.Null(CameraRules.FolderProblem(new string('a', 250) + "/" + new string('b', 249)));
    }

    [Fact]
    public void A_folder_name_the_filesystem_cannot_hold_is_refused()
    {
        Assert.NotNull(CameraRules.FolderProblem(new string('x', 256)));
        Assert.NotNull(CameraRules.FolderProblem("cams/" + new string('é', 128)));
        Assert.Null(CameraRules.FolderProblem("cams/" + new string('x', 255)));
    }

    [Fact]
    public void Name_rules_match_the_spec()
    {
        Assert.Null(CameraRules.NameProblem(new string('n', 255)));
        Assert.NotNull(CameraRules.NameProblem(new string('n', 256)));
        Assert.NotNull(CameraRules.NameProblem("   "));
        Assert.NotNull(CameraRules.NameProblem("tab\there"));
    }
}
