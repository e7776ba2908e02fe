using Hsi.Api.Features.Alerts;

namespace Hsi.Api.Features.NotificationPreferences.AddQuietHours;

public sealed class Request
{
    /// <summary>1–255 characters.</summary>
    public string? Label { get; set; }

    /// <summary>HH:MM or HH:MM:SS; after end_time, the period crosses midnight.</summary>
    public string? StartTime { get; set; }

    public string? EndTime { get; set; }

    /// <summary>monday..sunday or mon..sun; left out: every day.</summary>
    public List<string>? Days { get; set; }
}

public sealed class Endpoint(AlertWrites writes, IQuerySession session) : Endpoint<Request, QuietHoursResponse>
{
    public override void Configure()
    {
        Post("/api/notification-preferences/quiet-hours");
        Description(b => b.Produces<QuietHoursResponse>(201).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Add a quiet period (start and end must differ; it may cross midnight)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (id, outcome) = await writes.AddQuietHoursAsync(req.Label, req.StartTime, req.EndTime, req.Days, ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        var added = (await session.LoadPreferencesAsync(ct)).QuietHours.First(q => q.Id == id);
        HttpContext.Response.Headers.Location = $"/api/notification-preferences/quiet-hours/{id}";
        await Send.ResponseAsync(QuietHoursResponse.From(added), StatusCodes.Status201Created, ct);
    }
}
