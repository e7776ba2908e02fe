using Hsi.Domain.Common;
using Hsi.Domain.Zones;

namespace Hsi.Projections.Zones;

/// <summary>The one writer of <see cref="ZoneView"/>, from the zone streams; a deleted zone's document goes with it (its stream stays).</summary>
public partial class ZoneViewProjection : MultiStreamProjection<ZoneView, Guid>
{
    public ZoneViewProjection()
    {
        Identity<ZoneCreated>(e => e.ZoneId);
        Identity<ZoneChanged>(e => e.ZoneId);
        Identity<ZoneDeleted>(e => e.ZoneId);
        DeleteEvent<ZoneDeleted>();
    }

    public ZoneView Create(ZoneCreated e)
    {
        var view = new ZoneView { Id = e.ZoneId, CameraId = e.CameraId, CreatedAt = StoredTime.Of(e.At) };
        view.Take(e.Outline, e.At);
        return view;
    }

    public void Apply(ZoneChanged e, ZoneView view) => view.Take(e.Outline, e.At);
}
