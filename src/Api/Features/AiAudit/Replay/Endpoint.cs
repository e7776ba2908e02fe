using FluentValidation;
using Hsi.Api.Features.Jobs;

namespace Hsi.Api.Features.AiAudit.Replay;

public sealed class Request
{
    /// <summary>Events to replay; or leave out and give a window.</summary>
    public List<long>? EventIds { get; set; }

    /// <summary>With end_date: the assessed events that started in this window (inclusive).</summary>
    public DateTimeOffset? StartDate { get; set; }

    public DateTimeOffset? EndDate { get; set; }

    /// <summary>Only this camera's events of the window.</summary>
    public string? CameraId { get; set; }

    /// <summary>rules or llm; left out: the configured analyzer (RISK_ANALYZER).</summary>
    public string? Analyzer { get; set; }

    /// <summary>Thresholds to use instead of the calibration's (those left out keep its values); low &lt; medium &lt; high.</summary>
    public ThresholdOverrides? Calibration { get; set; }

    /// <summary>Report only: record no reassessment.</summary>
    public bool DryRun { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.EventIds).Must(ids => ids!.Count <= 10_000).When(r => r.EventIds is not null).WithMessage("event_ids takes at most 10000 ids");
        RuleFor(r => r.StartDate).NotNull().When(r => r.EventIds is not { Count: > 0 })
            .WithMessage("give event_ids, or start_date and end_date");
        RuleFor(r => r.EndDate).NotNull().When(r => r.EventIds is not { Count: > 0 })
            .WithMessage("give event_ids, or start_date and end_date");
        RuleFor(r => r.Analyzer).Must(a => a is null || RiskAnalyzerChoice.Names.Contains(a))
            .WithMessage($"analyzer must be one of: {string.Join(", ", RiskAnalyzerChoice.Names)}");
    }
}

public sealed class Endpoint(IJobScheduler jobs, RiskAnalyzerChoice analyzers, IQuerySession session, TimeProvider clock)
    : Endpoint<Request, JobAccepted>
{
    public override void Configure()
    {
        Post("/api/ai-audit/replay");
        Description(b => b.Produces<JobAccepted>(202).Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary =
            "Re-run the risk analyzer over the inputs recorded with each event's decision, with the calibration in force or the " +
            "thresholds given; records a reassessment per changed decision unless dry_run. A job: its result is the report " +
            "(old vs new score and level per event, totals up/down/same)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.StartDate is { } start && req.EndDate is { } end && start > end)
        {
            await HttpContext.SendDetail(400, "start_date must not be after end_date");
            return;
        }
        if (req.Analyzer is { } name && analyzers.Find(name) is null)
        {
            await HttpContext.SendDomainError(new(Domain.Common.ErrorKind.Invalid, RiskAnalyzerChoice.Unavailable(name), "analyzer"));
            return;
        }
        var (_, calibrationError) = await CalibrationLoading.InForceAsync(session, req.Calibration, clock.GetUtcNow(), ct);
        if (await HttpContext.SentRefusalAsync(calibrationError is null ? null : calibrationError with { Field = $"calibration.{calibrationError.Field}" })) return;
        var parameters = new RiskReplayParameters(req.EventIds, req.StartDate, req.EndDate, req.CameraId, req.Analyzer, req.Calibration, req.DryRun);
        var id = await jobs.StartAsync(RiskReplayJob.KindName, parameters, ct);
        await Send.ResponseAsync(new JobAccepted(id), StatusCodes.Status202Accepted, ct);
    }
}
