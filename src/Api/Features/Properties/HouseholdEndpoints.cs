using FluentValidation;
using Hsi.Domain.Properties;
using Hsi.Projections.Properties;

// Households (SEED-API §9). One file per level of the hierarchy: the five endpoints of a level are
// short, alike, and read best side by side.
namespace Hsi.Api.Features.Properties;

public sealed class ListHouseholdsRequest : HistoryPage;

public sealed class ListHouseholdsValidator : HistoryPageValidator<ListHouseholdsRequest>;

public sealed class ListHouseholdsEndpoint(IQuerySession session) : Endpoint<ListHouseholdsRequest, ListEnvelope<HouseholdResponse>>
{
    public override void Configure()
    {
        Get("/api/v1/households");
        Summary(s => s.Summary = "Households, oldest first, paged by limit/offset");
    }

    public override async Task HandleAsync(ListHouseholdsRequest req, CancellationToken ct) =>
        await Send.OkAsync(await session.Query<HouseholdView>().OrderBy(h => h.Id).PageAsync(req, HouseholdResponse.From, ct), ct);
}

public sealed class CreateHouseholdRequest
{
    /// <summary>1–100 characters (trimmed), no control characters, unique among households (case-insensitive).</summary>
    public string? Name { get; set; }
}

public sealed class UpdateHouseholdRequest : HouseholdRoute
{
    /// <summary>1–100 characters (trimmed), no control characters, unique among households (case-insensitive).</summary>
    public string? Name { get; set; }
}

public sealed class CreateHouseholdValidator : Validator<CreateHouseholdRequest>
{
    public CreateHouseholdValidator() => RuleFor(r => r.Name).NotNull().WithMessage("Field required");
}

public sealed class CreateHouseholdEndpoint(PropertyWrites writes, IQuerySession session) : Endpoint<CreateHouseholdRequest, HouseholdResponse>
{
    public override void Configure()
    {
        Post("/api/v1/households");
        Description(b => b.Produces<HouseholdResponse>(201).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Create a household; 409 when the name is taken");
    }

    public override async Task HandleAsync(CreateHouseholdRequest req, CancellationToken ct)
    {
        var (id, outcome) = await writes.CreateHouseholdAsync(req.Name!, ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        var household = (await session.LoadAsync<HouseholdView>(id!.Value, ct))!;
        await Send.CreatedAtAsync<GetHouseholdEndpoint>(new { household_id = id }, HouseholdResponse.From(household), cancellation: ct);
    }
}

public sealed class GetHouseholdEndpoint(IQuerySession session) : Endpoint<HouseholdRoute, HouseholdResponse>
{
    public override void Configure()
    {
        Get("/api/v1/households/{household_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "One household");
    }

    public override async Task HandleAsync(HouseholdRoute req, CancellationToken ct)
    {
        if (await session.LoadHouseholdOrNotFoundAsync(req.HouseholdId, HttpContext, ct) is { } household) await Send.OkAsync(HouseholdResponse.From(household), ct);
    }
}

public sealed class UpdateHouseholdEndpoint(PropertyWrites writes, IQuerySession session) : Endpoint<UpdateHouseholdRequest, HouseholdResponse>
{
    public override void Configure()
    {
        Patch("/api/v1/households/{household_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Rename a household (a body without name changes nothing)");
    }

    public override async Task HandleAsync(UpdateHouseholdRequest req, CancellationToken ct)
    {
        if (await session.LoadHouseholdOrNotFoundAsync(req.HouseholdId, HttpContext, ct) is null) return;
        if (req.Name is { } name && await HttpContext.SentRefusalAsync(await writes.RenameHouseholdAsync(new RenameHousehold(req.HouseholdId, name), ct))) return;
        if (await session.LoadHouseholdOrNotFoundAsync(req.HouseholdId, HttpContext, ct) is { } household) await Send.OkAsync(HouseholdResponse.From(household), ct);
    }
}

public sealed class DeleteHouseholdEndpoint(PropertyWrites writes) : Endpoint<HouseholdRoute>
{
    public override void Configure()
    {
        Delete("/api/v1/households/{household_id}");
        Description(b => b.Produces(204).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Delete a household with its properties and their areas (each records its deletion; cameras only lose the link)");
    }

    public override async Task HandleAsync(HouseholdRoute req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.DeleteHouseholdAsync(new DeleteHousehold(req.HouseholdId), ct))) return;
        await Send.NoContentAsync(ct);
    }
}
