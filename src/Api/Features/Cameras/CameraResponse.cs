using Hsi.Domain.Cameras;
using Hsi.Projections.Cameras;

namespace Hsi.Api.Features.Cameras;

/// <summary>
/// A camera as clients see it. <see cref="PropertyId"/> and <see cref="Areas"/> (the client contract's
/// AreaBasic) name only live ones: a deleted property or area is no longer the camera's.
/// </summary>
public sealed record CameraResponse(
    string Id, string Name, string FolderPath, CameraStatus Status, string Timezone,
    DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, DateTimeOffset? DeletedAt, int? PropertyId, IReadOnlyList<AreaBasic> Areas)
{
    public static CameraResponse From(CameraView v, string defaultTimezone, DateTimeOffset? lastSeenAt, CameraPlaces places) =>
        new(v.Id, v.Name, v.FolderPath, v.Status, v.Timezone ?? defaultTimezone, v.CreatedAt, lastSeenAt, v.DeletedAt,
            v.PropertyId is { } p && places.LiveProperties.Contains(p) ? p : null,
            [.. v.AreaIds.Where(places.AreaNames.ContainsKey).Select(a => new AreaBasic(a, places.AreaNames[a]))]);
}

/// <summary>An area a camera is linked to, in brief.</summary>
public sealed record AreaBasic(int Id, string Name);

/// <summary>The live properties and areas (with their names) that a set of cameras refers to.</summary>
public sealed record CameraPlaces(IReadOnlySet<int> LiveProperties, IReadOnlyDictionary<int, string> AreaNames);
