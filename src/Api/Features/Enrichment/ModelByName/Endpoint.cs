using FluentValidation;
using Hsi.Api.Features.Enrichment.Models;
using Hsi.Inference.Enrichment;

namespace Hsi.Api.Features.Enrichment.ModelByName;

public sealed class Request
{
    public string Name { get; set; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Name).MaximumLength(100).WithMessage("name must be at most 100 characters");
}

public sealed class Endpoint(IDetectionEnricher enricher) : Endpoint<Request, ModelResponse>
{
    public override void Configure()
    {
        Get("/api/system/models/{name}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "One enrichment model by name");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (enricher.Models.FirstOrDefault(m => string.Equals(m.Name, req.Name, StringComparison.Ordinal)) is not { } model)
        {
            await HttpContext.SendDetail(404, $"No enrichment model named '{req.Name}'");
            return;
        }
        await Send.OkAsync(ModelResponse.From(model), ct);
    }
}
