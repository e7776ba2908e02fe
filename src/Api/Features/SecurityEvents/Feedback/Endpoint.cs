using FluentValidation;
using Hsi.Api.Features.Calibration;
using Hsi.Domain.Calibration;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Calibration;

namespace Hsi.Api.Features.SecurityEvents.Feedback;

public sealed class Request
{
    public long EventId { get; set; }

    /// <summary>false_positive, missed_threat or correct.</summary>
    public FeedbackKind? FeedbackType { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.FeedbackType).NotNull().WithMessage("Field required");
}

/// <summary>The feedback recorded, and the calibration it moved.</summary>
public sealed record Response(long EventId, FeedbackKind FeedbackType, CalibrationView Calibration);

public sealed class Endpoint(CalibrationWrites commands, IQuerySession session) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/events/{event_id}/feedback");
        Description(b => b.Produces<ErrorDetail>(400).Produces<ErrorDetail>(404).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary =
            "Judge an assessed event's risk: a false positive raises the thresholds, a missed threat lowers them, " +
            "correct only counts (SPEC.md §1 Calibration)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var kind = req.FeedbackType!.Value;
        if (await HttpContext.SentRefusalAsync(await commands.GiveFeedbackAsync(new GiveFeedback(req.EventId, kind), ct))) return;
        await Send.OkAsync(new Response(req.EventId, kind, await session.LoadCalibrationAsync(commands, ct)), ct);
    }
}
