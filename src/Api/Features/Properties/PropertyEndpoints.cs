using FluentValidation;
using Hsi.Domain.Properties;
using Hsi.Projections.Properties;

// Properties of a household (SEED-API §9).
namespace Hsi.Api.Features.Properties;

public sealed class ListPropertiesRequest : HistoryPage
{
    public int HouseholdId { get; set; }
}

public sealed class ListPropertiesValidator : HistoryPageValidator<ListPropertiesRequest>;

public sealed class ListPropertiesEndpoint(IQuerySession session) : Endpoint<ListPropertiesRequest, ListEnvelope<PropertyResponse>>
{
    public override void Configure()
    {
        Get("/api/v1/households/{household_id}/properties");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "A household's properties, oldest first, paged by limit/offset");
    }

    public override async Task HandleAsync(ListPropertiesRequest req, CancellationToken ct)
    {
        if (await session.LoadHouseholdOrNotFoundAsync(req.HouseholdId, HttpContext, ct) is null) return;
        var query = session.Query<PropertyView>().Where(p => p.HouseholdId == req.HouseholdId).OrderBy(p => p.Id);
        await Send.OkAsync(await query.PageAsync(req, PropertyResponse.From, ct), ct);
    }
}

/// <summary>A property's fields a client may send; on create name is required, on change every field is optional.</summary>
public abstract class PropertyBody
{
    /// <summary>1–100 characters (trimmed), no control characters, unique within the household (case-insensitive).</summary>
    public string? Name { get; set; }

    /// <summary>At most 500 characters; empty clears it.</summary>
    public string? Address { get; set; }

    /// <summary>IANA time zone (default UTC), at most 50 characters; the property's cameras count their days in it.</summary>
    public string? Timezone { get; set; }

    public PropertyFields Fields() => new(Name, Address, Timezone);
}

public sealed class CreatePropertyRequest : PropertyBody
{
    public int HouseholdId { get; set; }
}

public sealed class UpdatePropertyRequest : PropertyBody
{
    public int PropertyId { get; set; }
}

public sealed class CreatePropertyValidator : Validator<CreatePropertyRequest>
{
    public CreatePropertyValidator() => RuleFor(r => r.Name).NotNull().WithMessage("Field required");
}

public sealed class CreatePropertyEndpoint(PropertyWrites writes, IQuerySession session) : Endpoint<CreatePropertyRequest, PropertyResponse>
{
    public override void Configure()
    {
        Post("/api/v1/households/{household_id}/properties");
        Description(b => b.Produces<PropertyResponse>(201).Produces<ErrorDetail>(404).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Add a property to a household; 409 when the household has one of that name; 422 for an unknown time zone");
    }

    public override async Task HandleAsync(CreatePropertyRequest req, CancellationToken ct)
    {
        if (await session.LoadHouseholdOrNotFoundAsync(req.HouseholdId, HttpContext, ct) is null) return;
        var (id, outcome) = await writes.CreatePropertyAsync(req.HouseholdId, req.Fields(), ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        var property = (await session.LoadAsync<PropertyView>(id!.Value, ct))!;
        await Send.CreatedAtAsync<GetPropertyEndpoint>(new { property_id = id }, PropertyResponse.From(property), cancellation: ct);
    }
}

public sealed class GetPropertyEndpoint(IQuerySession session) : Endpoint<PropertyRoute, PropertyResponse>
{
    public override void Configure()
    {
        Get("/api/v1/properties/{property_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "One property");
    }

    public override async Task HandleAsync(PropertyRoute req, CancellationToken ct)
    {
        if (await session.LoadPropertyOrNotFoundAsync(req.PropertyId, HttpContext, ct) is { } property) await Send.OkAsync(PropertyResponse.From(property), ct);
    }
}

public sealed class UpdatePropertyEndpoint(PropertyWrites writes, IQuerySession session) : Endpoint<UpdatePropertyRequest, PropertyResponse>
{
    public override void Configure()
    {
        Patch("/api/v1/properties/{property_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Change a property's name, address or time zone; only the fields sent apply");
    }

    public override async Task HandleAsync(UpdatePropertyRequest req, CancellationToken ct)
    {
        if (await session.LoadPropertyOrNotFoundAsync(req.PropertyId, HttpContext, ct) is not { } property) return;
        if (await HttpContext.SentRefusalAsync(await writes.ChangePropertyAsync(property.HouseholdId, new ChangeProperty(req.PropertyId, req.Fields()), ct))) return;
        if (await session.LoadPropertyOrNotFoundAsync(req.PropertyId, HttpContext, ct) is { } changed) await Send.OkAsync(PropertyResponse.From(changed), ct);
    }
}

public sealed class DeletePropertyEndpoint(PropertyWrites writes, IQuerySession session) : Endpoint<PropertyRoute>
{
    public override void Configure()
    {
        Delete("/api/v1/properties/{property_id}");
        Description(b => b.Produces(204).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Delete a property with its areas; its cameras fall back to their own time zone");
    }

    public override async Task HandleAsync(PropertyRoute req, CancellationToken ct)
    {
        if (await session.LoadPropertyOrNotFoundAsync(req.PropertyId, HttpContext, ct) is not { } property) return;
        if (await HttpContext.SentRefusalAsync(await writes.DeletePropertyAsync(property.HouseholdId, new DeleteProperty(req.PropertyId), ct))) return;
        await Send.NoContentAsync(ct);
    }
}
