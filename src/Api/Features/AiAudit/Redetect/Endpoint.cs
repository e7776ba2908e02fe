using FluentValidation;
using Hsi.Api.Features.Jobs;
using Hsi.Inference.Detection;

namespace Hsi.Api.Features.AiAudit.Redetect;

public sealed class Request
{
    /// <summary>Files to run again; or leave out and give a window.</summary>
    public List<Guid>? MediaIds { get; set; }

    /// <summary>With end_date: the analysed files received in this window (inclusive).</summary>
    public DateTimeOffset? StartDate { get; set; }

    public DateTimeOffset? EndDate { get; set; }

    /// <summary>Only this camera's files of the window.</summary>
    public string? CameraId { get; set; }

    /// <summary>An .onnx file in the folder of DETECTOR_MODEL_PATH (a name, or a path inside it); left out: the configured model.</summary>
    public string? ModelPath { get; set; }

    /// <summary>auto, yolox, yolov8 or rtdetr; left out: the configured family for the configured model, auto for another.</summary>
    public string? ModelFamily { get; set; }

    /// <summary>0–1; left out: DETECTION_CONFIDENCE_THRESHOLD.</summary>
    public double? ConfidenceThreshold { get; set; }

    /// <summary>Report only: record no new analysis.</summary>
    public bool DryRun { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.MediaIds).Must(ids => ids!.Count <= 10_000).When(r => r.MediaIds is not null).WithMessage("media_ids takes at most 10000 ids");
        RuleFor(r => r.StartDate).NotNull().When(r => r.MediaIds is not { Count: > 0 }).WithMessage("give media_ids, or start_date and end_date");
        RuleFor(r => r.EndDate).NotNull().When(r => r.MediaIds is not { Count: > 0 }).WithMessage("give media_ids, or start_date and end_date");
        RuleFor(r => r.ConfidenceThreshold).InclusiveBetween(0, 1);
        RuleFor(r => r.ModelFamily).Must(f => { try { ModelFamilies.Parse(f); return true; } catch (ArgumentException) { return false; } })
            .WithMessage("model_family must be one of: auto, yolox, yolov8, rtdetr");
    }
}

public sealed class Endpoint(IJobScheduler jobs, ReplayModels models) : Endpoint<Request, JobAccepted>
{
    public override void Configure()
    {
        Post("/api/ai-audit/redetect");
        Description(b => b.Produces<JobAccepted>(202).Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary =
            "What would this model have seen? Re-run detection over stored files (the configured model or another .onnx in its folder, " +
            "at the configured or a given threshold); records a new analysis per file unless dry_run (the old one stays in the audit). " +
            "A job: its result reports detections matched (IoU ≥ 0.5), gained and lost per class");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.StartDate is { } start && req.EndDate is { } end && start > end)
        {
            await HttpContext.SendDetail(400, "start_date must not be after end_date");
            return;
        }
        var (path, problem) = models.Resolve(req.ModelPath);
        if (path is not null && req.ModelPath is not null) problem = LoadProblem(path, req.ModelFamily);
        if (problem is not null)
        {
            await HttpContext.SendDomainError(new DomainError(ErrorKind.Invalid, problem, "model_path"));
            return;
        }
        var parameters = new RedetectParameters(req.MediaIds, req.StartDate, req.EndDate, req.CameraId, req.ModelPath, req.ModelFamily,
            req.ConfidenceThreshold, req.DryRun);
        var id = await jobs.StartAsync(RedetectJob.KindName, parameters, ct);
        await Send.ResponseAsync(new JobAccepted(id), StatusCodes.Status202Accepted, ct);
    }

    /// <summary>Another model must load before a job is started for it: on the CPU, so the check takes no GPU memory.</summary>
    private string? LoadProblem(string path, string? family)
    {
        try
        {
            using var probe = new OnnxDetector(models.OptionsFor(path, ModelFamilies.Parse(family)) with { Device = DetectorDevice.Cpu });
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"model_path: the detector cannot load it ({ex.Message})";
        }
        finally
        {
            // The probe's session is as large as the job's; without this, each request would keep its pages.
            NativeHeap.Trim();
        }
    }
}
