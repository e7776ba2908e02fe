using FluentValidation;
using Hsi.Api.Features.Jobs;
using Hsi.Inference.Handlers;

namespace Hsi.Api.Features.Enrichment.Reenrich;

public sealed class Request
{
    /// <summary>Files to enrich again; or leave out and give a window.</summary>
    public List<Guid>? MediaIds { get; set; }

    /// <summary>With end_date: the analysed files received in this window (inclusive).</summary>
    public DateTimeOffset? StartDate { get; set; }

    public DateTimeOffset? EndDate { get; set; }

    /// <summary>Only this camera's files of the window.</summary>
    public string? CameraId { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.MediaIds).Must(ids => ids!.Count <= 10_000).When(r => r.MediaIds is not null).WithMessage("media_ids takes at most 10000 ids");
        RuleFor(r => r.StartDate).NotNull().When(r => r.MediaIds is not { Count: > 0 }).WithMessage("give media_ids, or start_date and end_date");
        RuleFor(r => r.EndDate).NotNull().When(r => r.MediaIds is not { Count: > 0 }).WithMessage("give media_ids, or start_date and end_date");
        RuleFor(r => r.CameraId).MaximumLength(100).WithMessage("camera_id must be at most 100 characters");
    }
}

public sealed class Endpoint(IJobScheduler jobs, EnrichmentStageSettings stage) : Endpoint<Request, JobAccepted>
{
    public override void Configure()
    {
        Post("/api/ai-audit/reenrich");
        Description(b => b.Produces<JobAccepted>(202).Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary =
            "Replay enrichment over stored files with the models as they are now: each file gets a new DetectionEnriched " +
            "(the job's id as its replay_id), its detections' enrichment from then on; the older ones stay on record. A job with progress");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!stage.Enabled)
        {
            await HttpContext.SendDetail(400, "the enrichment stage is off (ENRICHMENT_ENABLED=false)");
            return;
        }
        if (req.StartDate is { } start && req.EndDate is { } end && start > end)
        {
            await HttpContext.SendDetail(400, "start_date must not be after end_date");
            return;
        }
        var id = await jobs.StartAsync(ReenrichJob.KindName, new ReenrichParameters(req.MediaIds, req.StartDate, req.EndDate, req.CameraId), ct);
        await Send.ResponseAsync(JobAccepted.Queued(id), StatusCodes.Status202Accepted, ct);
    }
}
