using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace Hsi.Api.Features.Logs.Frontend;

public sealed class Request
{
    /// <summary>DEBUG, INFO, WARNING, ERROR or CRITICAL, in any case.</summary>
    public string? Level { get; set; }

    /// <summary>1–50 characters: which part of the page reports.</summary>
    public string Component { get; set; } = "";

    /// <summary>1–2000 characters.</summary>
    public string Message { get; set; } = "";

    /// <summary>Any JSON object, at most 4096 characters written out.</summary>
    public Dictionary<string, object?>? Extra { get; set; }

    /// <summary>At most 500 characters; the request's User-Agent header when left out.</summary>
    public string? UserAgent { get; set; }

    /// <summary>The page's address, at most 2000 characters.</summary>
    public string? Url { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public const int ComponentMax = 50, MessageMax = 2000, ExtraMax = 4096;

    public Validator()
    {
        RuleFor(r => r.Level).Cascade(CascadeMode.Stop).NotNull().WithMessage("Field required").Must(l => LogLevels.Parse(l) is not null).WithMessage($"level must be one of {string.Join(", ", LogLevels.All)}");
        RuleFor(r => r.Component).NotEmpty().MaximumLength(ComponentMax);
        RuleFor(r => r.Message).NotEmpty().MaximumLength(MessageMax);
        RuleFor(r => r.Extra).Must(e => e is null || JsonSerializer.Serialize(e).Length <= ExtraMax).WithMessage($"extra may be at most {ExtraMax} characters of JSON");
        RuleFor(r => r.UserAgent).MaximumLength(LogRow.UserAgentMax);
        RuleFor(r => r.Url).MaximumLength(LogRow.UrlMax);
    }
}

public sealed record Response(string Status);

public sealed class Endpoint(LogTable table, TimeProvider clock) : Endpoint<Request, Response>
{
    /// <summary>A report is small; a larger body is refused (413) before it is read.</summary>
    public const int BodyBytes = 16 * 1024;

    public override void Configure()
    {
        Post("/api/logs/frontend");
        Options(b => b.WithMetadata(new RequestSizeLimitAttribute(BodyBytes)));
        Description(b => b.Produces<Response>(201).Produces<ErrorDetail>(413).Produces<ErrorDetail>(429).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Store a browser's log line (source frontend); bodies up to 16 KB, rate-limited per client (RATE_LIMIT_FRONTEND_LOGS)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var userAgent = req.UserAgent ?? HttpContext.Request.Headers.UserAgent.ToString();
        var row = new LogRow(clock.GetUtcNow(), LogLevels.Parse(req.Level)!, req.Component, req.Message, null, null, null, null, null,
            req.Extra is null ? null : JsonSerializer.Serialize(req.Extra), LogSources.Frontend, userAgent, req.Url);
        await table.InsertAsync([row], ct);
        await Send.ResponseAsync(new Response("created"), 201, ct);
    }
}
