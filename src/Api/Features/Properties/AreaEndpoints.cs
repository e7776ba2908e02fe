using FluentValidation;
using Hsi.Domain.Cameras;
using Hsi.Domain.Properties;
using Hsi.Projections.Cameras;
using Hsi.Projections.Properties;

// Areas of a property, and the cameras linked to them (SEED-API §9).
namespace Hsi.Api.Features.Properties;

public sealed class ListAreasRequest : HistoryPage
{
    public int PropertyId { get; set; }
}

public sealed class ListAreasValidator : HistoryPageValidator<ListAreasRequest>;

public sealed class ListAreasEndpoint(IQuerySession session) : Endpoint<ListAreasRequest, ListEnvelope<AreaResponse>>
{
    public override void Configure()
    {
        Get("/api/v1/properties/{property_id}/areas");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "A property's areas, oldest first, paged by limit/offset");
    }

    public override async Task HandleAsync(ListAreasRequest req, CancellationToken ct)
    {
        if (await session.LoadPropertyOrNotFoundAsync(req.PropertyId, HttpContext, ct) is null) return;
        var query = session.Query<AreaView>().Where(a => a.PropertyId == req.PropertyId).OrderBy(a => a.Id);
        await Send.OkAsync(await query.PageAsync(req, AreaResponse.From, ct), ct);
    }
}

/// <summary>An area's fields a client may send; on create name is required, on change every field is optional.</summary>
public abstract class AreaBody
{
    /// <summary>1–100 characters (trimmed), no control characters, unique within the property (case-insensitive).</summary>
    public string? Name { get; set; }

    /// <summary>At most 1000 characters; empty clears it.</summary>
    public string? Description { get; set; }

    /// <summary>#RRGGBB, stored upper-case; default #76B900.</summary>
    public string? Color { get; set; }

    public AreaFields Fields() => new(Name, Description, Color);
}

public sealed class CreateAreaRequest : AreaBody
{
    public int PropertyId { get; set; }
}

public sealed class UpdateAreaRequest : AreaBody
{
    public int AreaId { get; set; }
}

public sealed class CreateAreaValidator : Validator<CreateAreaRequest>
{
    public CreateAreaValidator() => RuleFor(r => r.Name).NotNull().WithMessage("Field required");
}

public sealed class CreateAreaEndpoint(PropertyWrites writes, IQuerySession session) : Endpoint<CreateAreaRequest, AreaResponse>
{
    public override void Configure()
    {
        Post("/api/v1/properties/{property_id}/areas");
        Description(b => b.Produces<AreaResponse>(201).Produces<ErrorDetail>(404).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Add an area to a property; 409 when the property has one of that name");
    }

    public override async Task HandleAsync(CreateAreaRequest req, CancellationToken ct)
    {
        if (await session.LoadPropertyOrNotFoundAsync(req.PropertyId, HttpContext, ct) is not { } property) return;
        var (id, outcome) = await writes.CreateAreaAsync(property, req.Fields(), ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        var area = (await session.LoadAsync<AreaView>(id!.Value, ct))!;
        await Send.CreatedAtAsync<GetAreaEndpoint>(new { area_id = id }, AreaResponse.From(area), cancellation: ct);
    }
}

public sealed class GetAreaEndpoint(IQuerySession session) : Endpoint<AreaRoute, AreaResponse>
{
    public override void Configure()
    {
        Get("/api/v1/areas/{area_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "One area");
    }

    public override async Task HandleAsync(AreaRoute req, CancellationToken ct)
    {
        if (await session.LoadAreaOrNotFoundAsync(req.AreaId, HttpContext, ct) is { } area) await Send.OkAsync(AreaResponse.From(area), ct);
    }
}

public sealed class UpdateAreaEndpoint(PropertyWrites writes, IQuerySession session) : Endpoint<UpdateAreaRequest, AreaResponse>
{
    public override void Configure()
    {
        Patch("/api/v1/areas/{area_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Change an area's name, description or colour; only the fields sent apply");
    }

    public override async Task HandleAsync(UpdateAreaRequest req, CancellationToken ct)
    {
        if (await session.LoadAreaOrNotFoundAsync(req.AreaId, HttpContext, ct) is not { } area) return;
        if (await HttpContext.SentRefusalAsync(await writes.ChangeAreaAsync(area.PropertyId, new ChangeArea(req.AreaId, req.Fields()), ct))) return;
        if (await session.LoadAreaOrNotFoundAsync(req.AreaId, HttpContext, ct) is { } changed) await Send.OkAsync(AreaResponse.From(changed), ct);
    }
}

public sealed class DeleteAreaEndpoint(PropertyWrites writes, IQuerySession session) : Endpoint<AreaRoute>
{
    public override void Configure()
    {
        Delete("/api/v1/areas/{area_id}");
        Description(b => b.Produces(204).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Delete an area; its cameras only lose the link");
    }

    public override async Task HandleAsync(AreaRoute req, CancellationToken ct)
    {
        if (await session.LoadAreaOrNotFoundAsync(req.AreaId, HttpContext, ct) is not { } area) return;
        if (await HttpContext.SentRefusalAsync(await writes.DeleteAreaAsync(area.PropertyId, new DeleteArea(req.AreaId), ct))) return;
        await Send.NoContentAsync(ct);
    }
}

public sealed class ListAreaCamerasRequest : HistoryPage
{
    public int AreaId { get; set; }
}

public sealed class ListAreaCamerasValidator : HistoryPageValidator<ListAreaCamerasRequest>;

public sealed class ListAreaCamerasEndpoint(IQuerySession session) : Endpoint<ListAreaCamerasRequest, AreaCamerasResponse>
{
    public override void Configure()
    {
        Get("/api/v1/areas/{area_id}/cameras");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "The cameras linked to an area (deleted cameras hidden), by name, paged by limit/offset");
    }

    public override async Task HandleAsync(ListAreaCamerasRequest req, CancellationToken ct)
    {
        if (await session.LoadAreaOrNotFoundAsync(req.AreaId, HttpContext, ct) is not { } area) return;
        var query = session.Query<CameraView>().Where(c => c.DeletedAt == null && c.AreaIds.Contains(req.AreaId)).OrderBy(c => c.Name);
        var page = await query.PageAsync(req, c => new AreaCamera(c.Id, c.Name, c.Status), ct);
        await Send.OkAsync(new AreaCamerasResponse(area.Id, area.Name, page.Items, page.Pagination), ct);
    }
}

public sealed class LinkAreaCameraRequest : AreaRoute
{
    /// <summary>The camera to link (its slug id).</summary>
    public string? CameraId { get; set; }
}

public sealed class LinkAreaCameraValidator : Validator<LinkAreaCameraRequest>
{
    public LinkAreaCameraValidator() => RuleFor(r => r.CameraId).NotNull().WithMessage("Field required");
}

public sealed class LinkAreaCameraEndpoint(PropertyWrites writes, IQuerySession session) : Endpoint<LinkAreaCameraRequest, AreaCameraLink>
{
    public override void Configure()
    {
        Post("/api/v1/areas/{area_id}/cameras");
        Description(b => b.Produces<AreaCameraLink>(201).Produces<ErrorDetail>(404).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Link a camera to an area; 409 when it already is");
    }

    public override async Task HandleAsync(LinkAreaCameraRequest req, CancellationToken ct)
    {
        if (await session.LoadAreaOrNotFoundAsync(req.AreaId, HttpContext, ct) is null) return;
        if (await HttpContext.SentRefusalAsync(await writes.LinkCameraAsync(new LinkCameraToArea(req.CameraId!, req.AreaId), ct))) return;
        await Send.ResponseAsync(new AreaCameraLink(req.AreaId, req.CameraId!, true), 201, ct);
    }
}

public sealed class UnlinkAreaCameraRequest : AreaRoute
{
    public string CameraId { get; set; } = "";
}

public sealed class UnlinkAreaCameraEndpoint(PropertyWrites writes, IQuerySession session) : Endpoint<UnlinkAreaCameraRequest, AreaCameraLink>
{
    public override void Configure()
    {
        Delete("/api/v1/areas/{area_id}/cameras/{camera_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Unlink a camera from an area; 404 when it is not linked");
    }

    public override async Task HandleAsync(UnlinkAreaCameraRequest req, CancellationToken ct)
    {
        if (await session.LoadAreaOrNotFoundAsync(req.AreaId, HttpContext, ct) is null) return;
        if (await HttpContext.SentRefusalAsync(await writes.UnlinkCameraAsync(new UnlinkCameraFromArea(req.CameraId, req.AreaId), ct))) return;
        await Send.OkAsync(new AreaCameraLink(req.AreaId, req.CameraId, false), ct);
    }
}
