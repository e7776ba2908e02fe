using FluentValidation;

namespace Hsi.Api.Features.Logs.List;

public sealed class Request : HistoryPage
{
    /// <summary>DEBUG, INFO, WARNING, ERROR or CRITICAL, in any case.</summary>
    [QueryParam] public string? Level { get; set; }

    /// <summary>The component exactly (the logger's short name, or what a browser reported).</summary>
    [QueryParam] public string? Component { get; set; }

    [QueryParam] public string? CameraId { get; set; }

    /// <summary>backend or frontend.</summary>
    [QueryParam] public string? Source { get; set; }

    /// <summary>Part of the message, any case; % and _ match themselves.</summary>
    [QueryParam] public string? Search { get; set; }

    /// <summary>Inclusive lower bound on the timestamp.</summary>
    [QueryParam] public DateTimeOffset? StartDate { get; set; }

    /// <summary>Inclusive upper bound on the timestamp.</summary>
    [QueryParam] public DateTimeOffset? EndDate { get; set; }
}

public sealed class Validator : HistoryPageValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Level).Must(l => l is null || LogLevels.Parse(l) is not null)
            .WithMessage($"level must be one of {string.Join(", ", LogLevels.All)}");
        RuleFor(r => r.Source).Must(s => s is null or LogSources.Backend or LogSources.Frontend)
            .WithMessage($"source must be {LogSources.Backend} or {LogSources.Frontend}");
        RuleFor(r => r.Component).MaximumLength(LogRow.ComponentMax);
        RuleFor(r => r.CameraId).MaximumLength(LogRow.CameraIdMax);
        RuleFor(r => r.Search).MaximumLength(500);
    }
}

public sealed class Endpoint(LogTable table) : Endpoint<Request, ListEnvelope<LogEntry>>
{
    public override void Configure()
    {
        Get("/api/logs");
        Description(b => b.Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Application log lines (Information and above) and browser reports, newest first; filters level, component, camera_id, source, search, start_date, end_date");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.StartDate is { } start && req.EndDate is { } end && start > end)
        {
            await HttpContext.SendDetail(400, "start_date must not be after end_date");
            return;
        }
        var filter = new LogFilter(LogLevels.Parse(req.Level), Blank(req.Component), Blank(req.CameraId), req.Source, req.Search, req.StartDate, req.EndDate);
        var (page, total) = await table.ListAsync(filter, req.Limit, req.Offset, ct);
        await Send.OkAsync(new ListEnvelope<LogEntry>(page,
            new Pagination(total, req.Limit, req.Offset, null, null, req.Offset + page.Count < total)), ct);
    }

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
