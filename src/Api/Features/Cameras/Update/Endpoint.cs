using System.Text.Json.Serialization;
using Hsi.Domain.Cameras;

namespace Hsi.Api.Features.Cameras.Update;

public sealed class Request
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? FolderPath { get; set; }
    public CameraStatus? Status { get; set; }
    public string? Timezone { get; set; }

    /// <summary>The property the camera is at; null places it at none (left out: unchanged).</summary>
    public int? PropertyId
    {
        get;
        set
        {
            field = value;
            PropertyIdSent = true;
        }
    }

    /// <summary>Whether the body had <c>property_id</c> at all: its null clears, its absence keeps.</summary>
    [JsonIgnore] public bool PropertyIdSent { get; private set; }

    /// <summary>The whole set of the camera's areas (at most 100, each an existing area; [] for none); left out, unchanged.</summary>
    public List<int>? AreaIds { get; set; }
}

public sealed class Endpoint(CameraWrites commands, CameraFolders folders, IQuerySession session, HsiSettings settings)
    : Endpoint<Request, CameraResponse>
{
    public override void Configure()
    {
        Patch("/api/cameras/{id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Change a camera's name, folder, status, time zone, property or areas; only the fields sent apply; the id never changes");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        string? folder = null;
        if (req.FolderPath is not null)
        {
            (folder, var problem) = folders.Resolve(req.FolderPath);
            if (problem is not null)
            {
                await HttpContext.SendDomainError(new(ErrorKind.Invalid, problem, "folder_path"));
                return;
            }
        }
        if (await HttpContext.SentRefusalAsync(await commands.UpdateAsync(new UpdateCamera(req.Id, req.Name, folder, req.Status, req.Timezone, req.PropertyIdSent, req.PropertyId, req.AreaIds), ct))) return;
        if (folder is not null && folders.Ensure(folder) is { } folderProblem)
            Logger.LogWarning("Camera {CameraId} moved, but {Problem}: {Folder}", req.Id, folderProblem, folder);
        var view = (await session.LoadActiveAsync(req.Id, ct))!;
        await Send.OkAsync(await session.ResponseAsync(view, settings.Timezone, ct), ct);
    }
}
