using Hsi.Domain.Common;

namespace Hsi.Domain.Cameras;

/// <summary>Pure deciders for the camera stream: command + current state → events or a refusal.</summary>
public static class CameraDecisions
{
    public static Decision Register(RegisterCamera cmd, CameraClaims claims, DateTimeOffset now)
    {
        if (CameraRules.NameProblem(cmd.Name) is { } nameProblem)
            return Decision.Refuse(ErrorKind.Invalid, nameProblem, "name");
        if (CameraRules.FolderProblem(cmd.FolderPath) is { } folderProblem)
            return Decision.Refuse(ErrorKind.Invalid, folderProblem, "folder_path");
        if (CameraRules.TimezoneProblem(cmd.Timezone) is { } tzProblem)
            return Decision.Refuse(ErrorKind.Invalid, tzProblem, "timezone");

        var id = CameraId.FromFolder(cmd.FolderPath);
        if (id.Length == 0)
            return Decision.Refuse(ErrorKind.Invalid, "folder_path must end in a folder name made of letters or digits", "folder_path");
        if (id == CameraId.Reserved)
            return Decision.Refuse(ErrorKind.Invalid, $"camera id '{id}' is reserved; choose another folder name", "folder_path");

        if (claims.NameHeldBy is { } nameOwner)
            return Conflict($"A camera named '{cmd.Name.Trim()}' already exists (id '{nameOwner}')", nameOwner, claims);
        if (claims.FolderHeldBy is { } folderOwner)
            return Conflict($"Folder '{cmd.FolderPath}' already belongs to camera '{folderOwner}'", folderOwner, claims);
        if (claims.IdHeldBy is { } idOwner)
            return Conflict($"A camera with id '{id}' already exists", idOwner, claims);
        if (cmd.PropertyId is { } propertyId && claims.PropertyUnknown) return UnknownProperty(propertyId);
        if (cmd.AreaIds is { } areas && AreasProblem(areas, claims) is { } areasProblem) return areasProblem;

        var events = new List<object> { new CameraRegistered(id, cmd.Name.Trim(), cmd.FolderPath, cmd.Status ?? CameraStatus.Online, cmd.Timezone, now) };
        if (cmd.PropertyId is { } property) events.Add(new CameraPropertyChanged(id, property, now));
        events.AddRange((cmd.AreaIds ?? []).Distinct().Select(a => new CameraAreaLinked(id, a, now)));
        return Decision.Of([.. events]);
    }

    /// <summary>Enough for any site; every area a camera is in is named on each of its responses.</summary>
    public const int MaxAreasPerCamera = 100;

    public static Decision LinkArea(LinkCameraToArea cmd, Camera? state, bool areaExists, DateTimeOffset now)
    {
        if (state is null || state.Deleted) return Decision.Refuse(ErrorKind.NotFound, $"Camera '{cmd.CameraId}' not found");
        if (!areaExists) return Decision.Refuse(ErrorKind.NotFound, $"Area {cmd.AreaId} not found");
        if (state.AreaIds.Contains(cmd.AreaId)) return Decision.Refuse(ErrorKind.Conflict, $"Camera '{cmd.CameraId}' is already linked to area {cmd.AreaId}");
        if (state.AreaIds.Count >= MaxAreasPerCamera)
            return Decision.Refuse(ErrorKind.Conflict, $"Camera '{cmd.CameraId}' is linked to {MaxAreasPerCamera} areas, the most it may be");
        return Decision.Of(new CameraAreaLinked(state.Id, cmd.AreaId, now));
    }

    public static Decision UnlinkArea(UnlinkCameraFromArea cmd, Camera? state, DateTimeOffset now) =>
        state is null || state.Deleted || !state.AreaIds.Contains(cmd.AreaId)
            ? Decision.Refuse(ErrorKind.NotFound, $"Camera '{cmd.CameraId}' is not linked to area {cmd.AreaId}")
            : Decision.Of(new CameraAreaUnlinked(state.Id, cmd.AreaId, now));

    /// <summary>Whether the areas a camera is to be in are few enough and all exist (a refusal names area_ids).</summary>
    private static Decision? AreasProblem(IReadOnlyList<int> areaIds, CameraClaims claims) =>
        areaIds.Count > MaxAreasPerCamera
            ? Decision.Refuse(ErrorKind.Invalid, $"area_ids must have at most {MaxAreasPerCamera} areas, not {areaIds.Count}", "area_ids")
            : claims.UnknownAreas.Count > 0
                ? Decision.Refuse(ErrorKind.Invalid, $"area {string.Join(", ", claims.UnknownAreas)} does not exist", "area_ids")
                : null;

    private static Decision UnknownProperty(int propertyId) =>
        Decision.Refuse(ErrorKind.Invalid, $"property {propertyId} does not exist", "property_id");

    private static Decision Conflict(string message, string holder, CameraClaims claims) =>
        Decision.Refuse(ErrorKind.Conflict, claims.DeletedHolders.Contains(holder)
            ? $"{message}; it is deleted: restore it with POST /api/cameras/{holder}/restore"
            : message);

    public static Decision Update(UpdateCamera cmd, Camera? state, CameraClaims claims, DateTimeOffset now)
    {
        if (state is null || state.Deleted)
            return Decision.Refuse(ErrorKind.NotFound, $"Camera '{cmd.CameraId}' not found");

        var events = new List<object>();
        if (cmd.Name is { } name)
        {
            if (CameraRules.NameProblem(name) is { } problem) return Decision.Refuse(ErrorKind.Invalid, problem, "name");
            if (claims.NameHeldBy is { } owner && owner != state.Id)
                return Decision.Refuse(ErrorKind.Conflict, $"A camera named '{name.Trim()}' already exists (id '{owner}')");
            if (name.Trim() != state.Name) events.Add(new CameraRenamed(state.Id, name.Trim(), now));
        }
        if (cmd.FolderPath is { } folder)
        {
            if (CameraRules.FolderProblem(folder) is { } problem) return Decision.Refuse(ErrorKind.Invalid, problem, "folder_path");
            if (claims.FolderHeldBy is { } owner && owner != state.Id)
                return Decision.Refuse(ErrorKind.Conflict, $"Folder '{folder}' already belongs to camera '{owner}'");
            if (folder != state.FolderPath) events.Add(new CameraFolderChanged(state.Id, folder, now));
        }
        if (cmd.Status is { } status && status != state.Status)
            events.Add(new CameraStatusChanged(state.Id, status, now));
        if (cmd.Timezone is { } tz)
        {
            if (CameraRules.TimezoneProblem(tz) is { } problem) return Decision.Refuse(ErrorKind.Invalid, problem, "timezone");
            if (tz != state.Timezone) events.Add(new CameraTimezoneChanged(state.Id, tz, now));
        }
        if (cmd.SetsProperty)
        {
            if (cmd.PropertyId is { } propertyId && claims.PropertyUnknown) return UnknownProperty(propertyId);
            if (cmd.PropertyId != state.PropertyId) events.Add(new CameraPropertyChanged(state.Id, cmd.PropertyId, now));
        }
        if (cmd.AreaIds is { } areas)
        {
            if (AreasProblem(areas, claims) is { } problem) return problem;
            var wanted = areas.Distinct().ToList();
            events.AddRange(state.AreaIds.Except(wanted).Select(a => new CameraAreaUnlinked(state.Id, a, now)));
            events.AddRange(wanted.Except(state.AreaIds).Select(a => new CameraAreaLinked(state.Id, a, now)));
        }
        return Decision.Of([.. events]);
    }

    public static Decision Delete(DeleteCamera cmd, Camera? state, DateTimeOffset now) =>
        state is null || state.Deleted
            ? Decision.Refuse(ErrorKind.NotFound, $"Camera '{cmd.CameraId}' not found")
            : Decision.Of(new CameraDeleted(state.Id, now));

    public static Decision Restore(RestoreCamera cmd, Camera? state, DateTimeOffset now) => state switch
    {
        null => Decision.Refuse(ErrorKind.NotFound, $"Camera '{cmd.CameraId}' not found"),
        { Deleted: false } => Decision.Refuse(ErrorKind.Inconsistent, $"Camera '{cmd.CameraId}' is not deleted"),
        _ => Decision.Of(new CameraRestored(state.Id, now)),
    };
}
