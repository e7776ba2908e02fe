using System.Collections.Immutable;
using Hsi.Domain.Common;

namespace Hsi.Domain.Scenes;

/// <summary>A change recorded and not yet over: later pictures like it record nothing more.</summary>
public sealed record PendingSceneChange(long ChangeId, SceneChangeType ChangeType, byte[] Thumbnail, Guid MediaId, string FilePath);

/// <summary>
/// Write-side state of a camera's scene stream: the reference view, the change in progress (if any)
/// and every change recorded, with whether it was acknowledged.
/// </summary>
public sealed record CameraScene(
    string CameraId, byte[]? Reference, PendingSceneChange? Pending, ImmutableDictionary<long, bool> Acknowledged) : IEvolving<CameraScene>
{
    public static CameraScene Empty(string cameraId) => new(cameraId, null, null, ImmutableDictionary<long, bool>.Empty);

    public static CameraScene? Evolve(CameraScene? state, object e) => e switch
    {
        SceneReferenceSet x => (state ?? Empty(x.CameraId)) with { Reference = x.Thumbnail, Pending = null },
        SceneChangeDetected x => (state ?? Empty(x.CameraId)) with
        {
            Pending = new PendingSceneChange(x.ChangeId, x.ChangeType, x.Thumbnail, x.MediaId, x.FilePath),
            Acknowledged = (state?.Acknowledged ?? ImmutableDictionary<long, bool>.Empty).SetItem(x.ChangeId, false),
        },
        SceneViewRestored when state is not null => state with { Pending = null },
        SceneChangeAcknowledged x when state is not null => state with { Acknowledged = state.Acknowledged.SetItem(x.ChangeId, true) },
        _ => state,
    };
}
