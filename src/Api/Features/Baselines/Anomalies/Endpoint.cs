using FluentValidation;

using Hsi.Domain.Baselines;

namespace Hsi.Api.Features.Baselines.Anomalies;

public sealed class Request : CameraBaselineRequest
{
    public const int DefaultDays = 7;
    public const int MaxDays = 90;

    /// <summary>How many days back to look, 1–90 (7).</summary>
    [QueryParam] public int Days { get; set; } = DefaultDays;
}

public sealed class Validator : Validator<Request>
{
    public Validator() =>
        RuleFor(r => r.Days).InclusiveBetween(1, Request.MaxDays).WithName("days").WithMessage($"days must be between 1 and {Request.MaxDays}");
}

/// <summary>
/// One unusual hour (<c>timestamp</c> its start, UTC): the whole count (<c>detection_class</c> null) or a class;
/// <c>anomaly_score</c> 0–1 (0.5 at the threshold), <c>z_score</c> null when the baseline never varied.
/// </summary>
public sealed record AnomalyEntry(
    DateTimeOffset Timestamp, string? DetectionClass, double AnomalyScore, double? ZScore, double ExpectedFrequency, int ObservedFrequency,
    int SampleCount, string Reason);

public sealed record AnomaliesResponse(string CameraId, IReadOnlyList<AnomalyEntry> Anomalies, int Count, int PeriodDays);

public sealed class Endpoint(IQuerySession session, HsiSettings settings, TimeProvider clock) : Endpoint<Request, AnomaliesResponse>
{
    public override void Configure()
    {
        Get("/api/cameras/{id}/baseline/anomalies");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "A camera's unusual hours of the last days, newest first: counts beyond threshold_stdev σ of their cell, and classes (almost) never seen at that hour");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-req.Days);
        if (await session.LoadOrNotFoundAsync(req.Id, settings, clock, HttpContext, ct, since) is not { } read) return;
        var sinceHour = since.ToUnixTimeSeconds() / 3600;
        var anomalies = ActivityBaseline.ObservedHours(read.Read.Counts.Where(c => c.UnixHour >= sinceHour), read.Zone)
            .SelectMany(h => read.Baseline.AnomaliesOf(h, read.Config))
            .OrderByDescending(a => a.Hour).ThenBy(a => a.ObjectType is not null).ThenBy(a => a.ObjectType, StringComparer.Ordinal)
            .Select(a => new AnomalyEntry(a.Hour, a.ObjectType, a.Score, a.ZScore, Math.Round(a.Expected, 4), a.Observed, a.SampledHours, a.Reason))
            .ToList();
        await Send.OkAsync(new AnomaliesResponse(read.Camera.Id, anomalies, anomalies.Count, req.Days), ct);
    }
}
