using Hsi.Domain.Cameras;
using Hsi.Projections.Cameras;

namespace Hsi.Api.Features.Cameras;

/// <summary>A camera as clients see it.</summary>
public sealed record CameraResponse(
    string Id, string Name, string FolderPath, CameraStatus Status, string Timezone,
    DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, DateTimeOffset? DeletedAt)
{
    public static CameraResponse From(CameraView v, string defaultTimezone, DateTimeOffset? lastSeenAt) =>
        new(v.Id, v.Name, v.FolderPath, v.Status, v.Timezone ?? defaultTimezone, v.CreatedAt, lastSeenAt, v.DeletedAt);
}
