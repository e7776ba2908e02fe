using Hsi.Domain.Common;

namespace Hsi.Domain.Scenes;

/// <summary>A picture of a camera, as the scene check compares it.</summary>
public sealed record CheckScene(string CameraId, Guid MediaId, string FilePath, byte[] Thumbnail);

/// <summary>
/// Pure deciders of a camera's scene stream (<c>scene:&lt;camera_id&gt;</c>).
/// <list type="bullet">
/// <item>The first picture that is not blocked-looking (dark or uniform) becomes the reference.</item>
/// <item>A picture whose SSIM to the reference is below the threshold records a change:
/// <c>view_blocked</c> when it is dark (mean grey &lt; 30) or near-uniform (standard deviation &lt; 8);
/// <c>view_tampered</c> when at least <see cref="TamperedShare"/> of its windows went near-uniform where
/// the reference had detail (partly covered, sprayed, taped); <c>angle_changed</c> otherwise.</item>
/// <item>While a change is pending, a picture like the changed view records nothing (a turned camera
/// records one change, not one per picture), a picture like the reference again records
/// <see cref="SceneViewRestored"/>, and a picture like neither records a new change.</item>
/// <item>Acknowledging an <c>angle_changed</c> change that is still pending adopts its view as the
/// reference (someone moved the camera on purpose); acknowledging a blocked or tampered view only
/// marks it seen: a covered lens never becomes the view to compare with.</item>
/// </list>
/// </summary>
public static class SceneDecisions
{
    /// <summary>SCENE_CHANGE_THRESHOLD's default: below this SSIM a picture is a different view.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>The share of the view gone blank that makes a change <c>view_tampered</c> rather than <c>angle_changed</c>.</summary>
    public const double TamperedShare = 0.25;

    public static string NotFound(long changeId, string cameraId) => $"Scene change {changeId} not found on camera {cameraId}";

    /// <summary>Whether <see cref="Check"/> would record a change, which then needs an id of its own.</summary>
    public static bool RecordsChange(CheckScene cmd, CameraScene? state, double threshold) =>
        Assess(cmd, state, threshold) is Outcome.Changed;

    /// <param name="changeId">The id of a change, when <see cref="RecordsChange"/> said one is recorded.</param>
    public static Decision Check(CheckScene cmd, CameraScene? state, double threshold, long? changeId, DateTimeOffset now)
    {
        if (!SceneThumbnail.IsValid(cmd.Thumbnail)) return Decision.Refuse(ErrorKind.Invalid, "thumbnail must be 32×32 grey levels", "thumbnail");
        var outcome = Assess(cmd, state, threshold);
        var reference = state?.Reference;
        return outcome switch
        {
            Outcome.FirstReference => Decision.Of(new SceneReferenceSet(cmd.CameraId, cmd.Thumbnail, SceneReferenceReason.FirstPicture, cmd.MediaId, cmd.FilePath, now)),
            Outcome.Restored => Decision.Of(new SceneViewRestored(cmd.CameraId, state!.Pending!.ChangeId,
                Ssim.Score(cmd.Thumbnail, reference, SceneThumbnail.Side), cmd.MediaId, now)),
            Outcome.Changed when changeId is { } id => Decision.Of(new SceneChangeDetected(id, cmd.CameraId, TypeOf(reference!, cmd.Thumbnail),
                Ssim.Score(cmd.Thumbnail, reference, SceneThumbnail.Side), cmd.Thumbnail, cmd.MediaId, cmd.FilePath, now)),
            Outcome.Changed => throw new InvalidOperationException("a change is recorded with an id (RecordsChange said so)"),
            _ => Decision.Of(),
        };
    }

    /// <summary>Idempotent: a change acknowledged already is left as it is.</summary>
    public static Decision Acknowledge(string cameraId, long changeId, CameraScene? state, DateTimeOffset now)
    {
        if (state is null || !state.Acknowledged.TryGetValue(changeId, out var acknowledged))
            return Decision.Refuse(ErrorKind.NotFound, NotFound(changeId, cameraId));
        if (acknowledged) return Decision.Of();
        var seen = new SceneChangeAcknowledged(changeId, cameraId, now);
        return state.Pending is { ChangeType: SceneChangeType.AngleChanged } pending && pending.ChangeId == changeId
            ? Decision.Of(seen, new SceneReferenceSet(cameraId, pending.Thumbnail, SceneReferenceReason.Acknowledged, pending.MediaId, pending.FilePath, now))
            : Decision.Of(seen);
    }

    /// <summary>How a changed picture differs from the reference (it is below the threshold already).</summary>
    public static SceneChangeType TypeOf(byte[] reference, byte[] picture)
    {
        if (SceneThumbnail.LooksBlocked(picture)) return SceneChangeType.ViewBlocked;
        return Ssim.FlattenedShare(reference, picture, SceneThumbnail.Side, SceneThumbnail.FlatStdDev) >= TamperedShare
            ? SceneChangeType.ViewTampered
            : SceneChangeType.AngleChanged;
    }

    private enum Outcome { Nothing, FirstReference, Changed, Restored }

    private static Outcome Assess(CheckScene cmd, CameraScene? state, double threshold)
    {
        if (!SceneThumbnail.IsValid(cmd.Thumbnail)) return Outcome.Nothing;
        if (state?.Reference is not { } reference)
            return SceneThumbnail.LooksBlocked(cmd.Thumbnail) ? Outcome.Nothing : Outcome.FirstReference;
        var likeReference = Ssim.Compare(cmd.Thumbnail, reference, SceneThumbnail.Side) >= threshold;
        if (state.Pending is not { } pending) return likeReference ? Outcome.Nothing : Outcome.Changed;
        if (likeReference) return Outcome.Restored;
        return Ssim.Compare(cmd.Thumbnail, pending.Thumbnail, SceneThumbnail.Side) >= threshold ? Outcome.Nothing : Outcome.Changed;
    }
}
