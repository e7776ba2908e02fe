using Hsi.Domain.Cameras;

namespace Hsi.Api.Features.Cameras.Update;

public sealed class Request
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? FolderPath { get; set; }
    public CameraStatus? Status { get; set; }
    public string? Timezone { get; set; }
}

public sealed class Endpoint(CameraWrites commands, CameraFolders folders, IQuerySession session, HsiSettings settings)
    : Endpoint<Request, CameraResponse>
{
    public override void Configure()
    {
        Patch("/api/cameras/{id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Change a camera's name, folder, status or time zone; only the fields sent apply; the id never changes");
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
        if (await HttpContext.SentRefusalAsync(await commands.UpdateAsync(new UpdateCamera(req.Id, req.Name, folder, req.Status, req.Timezone), ct))) return;
        if (folder is not null && folders.Ensure(folder) is { } folderProblem)
            Logger.LogWarning("Camera {CameraId} moved, but {Problem}: {Folder}", req.Id, folderProblem, folder);
        var view = (await session.LoadActiveAsync(req.Id, ct))!;
        await Send.OkAsync(await session.ResponseAsync(view, settings.Timezone, ct), ct);
    }
}
