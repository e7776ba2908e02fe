using FluentValidation;
using Hsi.Domain.Cameras;

namespace Hsi.Api.Features.Cameras.Create;

public sealed class Request
{
    /// <summary>Display name, 1–255 characters, unique.</summary>
    public string? Name { get; set; }

    /// <summary>Folder under CAMERA_ROOT (absolute, or relative to it); its last segment gives the id.</summary>
    public string? FolderPath { get; set; }

    public CameraStatus? Status { get; set; }

    /// <summary>IANA time zone; defaults to TIMEZONE.</summary>
    public string? Timezone { get; set; }

    /// <summary>The property the camera is at (its days are then counted in the property's time zone); none by default.</summary>
    public int? PropertyId { get; set; }

    /// <summary>The areas the camera is in (at most 100, each an existing area); none by default.</summary>
    public List<int>? AreaIds { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).NotNull().WithMessage("Field required");
        RuleFor(r => r.FolderPath).NotNull().WithMessage("Field required");
    }
}

public sealed class Endpoint(CameraWrites commands, CameraFolders folders, IQuerySession session, HsiSettings settings)
    : Endpoint<Request, CameraResponse>
{
    public override void Configure()
    {
        Post("/api/cameras");
        Description(b => b.Produces<CameraResponse>(201).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Register a camera; its id comes from the folder's last segment");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (folder, problem) = folders.Resolve(req.FolderPath!);
        if (problem is not null)
        {
            await HttpContext.SendDomainError(new(Domain.Common.ErrorKind.Invalid, problem, "folder_path"));
            return;
        }
        var (cameraId, outcome) = await commands.RegisterAsync(new RegisterCamera(req.Name!, folder!, req.Status, req.Timezone, req.PropertyId, req.AreaIds), ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        if (folders.Ensure(folder!) is { } folderProblem)
            Logger.LogWarning("Camera {CameraId} registered, but {Problem}: {Folder}", cameraId, folderProblem, folder);
        var view = (await session.LoadActiveAsync(cameraId!, ct))!;
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = view.Id }, await session.ResponseAsync(view, settings.Timezone, ct), cancellation: ct);
    }
}
