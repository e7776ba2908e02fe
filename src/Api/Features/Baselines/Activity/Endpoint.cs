namespace Hsi.Api.Features.Baselines.Activity;

/// <summary>One hour-of-week cell: local <c>hour</c> 0–23, <c>day_of_week</c> 0 = Monday … 6 = Sunday.</summary>
public sealed record ActivityEntry(int Hour, int DayOfWeek, double AvgCount, double StdDev, int SampleCount, bool IsPeak);

public sealed record ActivityBaselineResponse(
    string CameraId, IReadOnlyList<ActivityEntry> Entries, int TotalSamples, int? PeakHour, int? PeakDay, bool LearningComplete, int MinSamplesRequired);

public sealed class Endpoint(IQuerySession session, HsiSettings settings, TimeProvider clock) : Endpoint<CameraBaselineRequest, ActivityBaselineResponse>
{
    /// <summary>80 % of the 168 cells, as the seed has it: a week with a few hours missing still counts as learnt.</summary>
    public const int CellsForLearningComplete = 134;

    /// <summary>A cell is a peak above 1.5 × the mean of the cells' means.</summary>
    public const double PeakFactor = 1.5;

    public override void Configure()
    {
        Get("/api/cameras/{id}/baseline/activity");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "A camera's activity heatmap: the mean detection count per hour for each of the 168 hours of the week (camera's time zone), with its sample hours");
    }

    public override async Task HandleAsync(CameraBaselineRequest req, CancellationToken ct)
    {
        if (await session.LoadOrNotFoundAsync(req.Id, settings, clock, HttpContext, ct) is not { } read) return;
        var cells = Enumerable.Range(0, 168).Select(i => (Day: i / 24, Hour: i % 24, Cell: read.Baseline.Week[i])).Where(c => c.Cell.Samples > 0).ToList();
        var meanOfMeans = cells.Count == 0 ? 0 : cells.Average(c => c.Cell.Mean);
        var entries = cells.Select(c => new ActivityEntry(c.Hour, c.Day, Math.Round(c.Cell.Mean, 4), Math.Round(c.Cell.StdDev, 4), c.Cell.Samples,
            c.Cell.Mean > 0 && c.Cell.Mean > PeakFactor * meanOfMeans)).ToList();
        var peak = cells.Where(c => c.Cell.Mean > 0).OrderByDescending(c => c.Cell.Mean).ThenBy(c => c.Day).ThenBy(c => c.Hour).FirstOrDefault();
        var learnt = cells.Count(c => c.Cell.Samples >= read.Config.MinSamples) >= CellsForLearningComplete;
        await Send.OkAsync(new ActivityBaselineResponse(read.Camera.Id, entries, read.Baseline.SampledHours,
            peak.Cell.Samples > 0 ? peak.Hour : null, peak.Cell.Samples > 0 ? peak.Day : null, learnt, read.Config.MinSamples), ct);
    }
}
