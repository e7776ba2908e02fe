using Hsi.Domain.Cameras;
using Hsi.Domain.Common;

namespace Hsi.Domain.Tests.Cameras;

/// <summary>Given the camera's events, when a command arrives, then these events (or this refusal).</summary>
public class CameraDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 22, 48, 1, TimeSpan.Zero);
    private const string Folder = "/cams/Front Door";

    private static Camera Registered(params object[] later) =>
        StreamFold.Fold<Camera>([new CameraRegistered("front_door", "Front Door", Folder, CameraStatus.Online, null, Now), .. later])!;

    [Fact]
    public void Register_records_the_camera_with_its_derived_id_and_online_status()
    {
        var decision = CameraDecisions.Register(new RegisterCamera("  Front Door ", Folder, null, "Europe/Paris"), CameraClaims.None, Now);

        var registered = Assert.IsType<CameraRegistered>(Assert.Single(decision.Events));
        Assert.Equal(new CameraRegistered("front_door", "Front Door", Folder, CameraStatus.Online, "Europe/Paris", Now), registered);
    }

    [Fact]
    public void Register_refuses_a_taken_id_and_hints_at_restore_when_its_holder_is_deleted()
    {
        var claims = new CameraClaims(null, null, "front_door", new HashSet<string> { "front_door" });

        var decision = CameraDecisions.Register(new RegisterCamera("Other", "/cams/front-door", null, null), claims, Now);

        Assert.Equal(ErrorKind.Conflict, decision.Error!.Kind);
        Assert.Contains("restore", decision.Error.Message);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Register_refuses_a_name_held_by_another_camera()
    {
        var claims = new CameraClaims("porch", null, null, new HashSet<string>());
        var decision = CameraDecisions.Register(new RegisterCamera("Front Door", Folder, null, null), claims, Now);
        Assert.Equal(ErrorKind.Conflict, decision.Error!.Kind);
        Assert.DoesNotContain("restore", decision.Error.Message);
    }

    [Theory]
    [InlineData("/cams/deleted", "folder_path")]
    [InlineData("/cams/???", "folder_path")]
    public void Register_refuses_reserved_or_empty_ids(string folder, string field)
    {
        var decision = CameraDecisions.Register(new RegisterCamera("X", folder, null, null), CameraClaims.None, Now);
        Assert.Equal(ErrorKind.Invalid, decision.Error!.Kind);
        Assert.Equal(field, decision.Error.Field);
    }

    [Fact]
    public void Register_refuses_an_unknown_timezone()
    {
        var decision = CameraDecisions.Register(new RegisterCamera("X", Folder, null, "Mars/Olympus"), CameraClaims.None, Now);
        Assert.Equal("timezone", decision.Error!.Field);
    }

    [Fact]
    public void Update_records_only_what_changed()
    {
        var decision = CameraDecisions.Update(
            new UpdateCamera("front_door", "Front Door", null, CameraStatus.Offline, null), Registered(), CameraClaims.None, Now);

        Assert.Equal([new CameraStatusChanged("front_door", CameraStatus.Offline, Now)], decision.Events);
    }

    [Fact]
    public void Update_renames_and_moves_the_folder_but_never_the_id()
    {
        var decision = CameraDecisions.Update(
            new UpdateCamera("front_door", "Porch", "/cams/porch", null, null), Registered(), CameraClaims.None, Now);

        Assert.Equal(
            [new CameraRenamed("front_door", "Porch", Now), new CameraFolderChanged("front_door", "/cams/porch", Now)],
            decision.Events);
        var after = StreamFold.Fold<Camera>([new CameraRegistered("front_door", "Front Door", Folder, CameraStatus.Online, null, Now), .. decision.Events]);
        Assert.Equal("front_door", after!.Id);
    }

    [Fact]
    public void Update_of_a_deleted_camera_is_not_found()
    {
        var decision = CameraDecisions.Update(
            new UpdateCamera("front_door", "Porch", null, null, null), Registered(new CameraDeleted("front_door", Now)), CameraClaims.None, Now);
        Assert.Equal(ErrorKind.NotFound, decision.Error!.Kind);
    }

    [Fact]
    public void Update_may_keep_its_own_name()
    {
        var claims = new CameraClaims("front_door", null, null, new HashSet<string>());
        var decision = CameraDecisions.Update(new UpdateCamera("front_door", "front door", null, null, null), Registered(), claims, Now);
        Assert.True(decision.Succeeded);
    }

    [Fact]
    public void Delete_then_restore_round_trips_and_restoring_twice_is_inconsistent()
    {
        var deleted = CameraDecisions.Delete(new DeleteCamera("front_door"), Registered(), Now);
        Assert.Equal([new CameraDeleted("front_door", Now)], deleted.Events);

        var state = Registered([.. deleted.Events]);
        Assert.Equal(ErrorKind.NotFound, CameraDecisions.Delete(new DeleteCamera("front_door"), state, Now).Error!.Kind);

        var restored = CameraDecisions.Restore(new RestoreCamera("front_door"), state, Now);
        Assert.Equal([new CameraRestored("front_door", Now)], restored.Events);

        var again = CameraDecisions.Restore(new RestoreCamera("front_door"), Registered([.. deleted.Events, .. restored.Events]), Now);
        Assert.Equal(ErrorKind.Inconsistent, again.Error!.Kind);
    }

    [Fact]
    public void Commands_on_a_camera_that_never_existed_are_not_found()
    {
        Assert.Equal(ErrorKind.NotFound, CameraDecisions.Delete(new DeleteCamera("nope"), null, Now).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, CameraDecisions.Restore(new RestoreCamera("nope"), null, Now).Error!.Kind);
    }
}
