using Hsi.Domain.Baselines;

namespace Hsi.Api.Features.Baselines.Summary;

public sealed record HourlyPattern(double AvgDetections, double StdDev, int SampleCount);

public sealed record DailyPattern(double AvgDetections, int? PeakHour, int TotalSamples);

public sealed record ObjectBaseline(double AvgHourly, int? PeakHour, int TotalDetections);

/// <summary>The last whole hour against its cell: <c>score</c> in σ (negative below the mean).</summary>
public sealed record CurrentDeviation(double Score, string Interpretation, IReadOnlyList<string> ContributingFactors);

/// <summary>
/// <c>hourly_patterns</c> by local hour of day ("0"–"23"), <c>daily_patterns</c> by weekday, <c>object_baselines</c> by class;
/// <c>data_points</c> the hours sampled; <c>baseline_established</c> when every hour of day first held min_samples hours.
/// </summary>
public sealed record BaselineSummaryResponse(
    string CameraId, string CameraName, DateTimeOffset? BaselineEstablished, int DataPoints,
    Dictionary<string, HourlyPattern> HourlyPatterns, Dictionary<string, DailyPattern> DailyPatterns,
    Dictionary<string, ObjectBaseline> ObjectBaselines, CurrentDeviation? CurrentDeviation, string Timezone, int WindowDays);

public sealed class Endpoint(IQuerySession session, HsiSettings settings, TimeProvider clock) : Endpoint<CameraBaselineRequest, BaselineSummaryResponse>
{
    public override void Configure()
    {
        Get("/api/cameras/{id}/baseline");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "A camera's activity baseline: mean and standard deviation of its detection count per hour, by hour, weekday and class, over window_days");
    }

    public override async Task HandleAsync(CameraBaselineRequest req, CancellationToken ct)
    {
        if (await session.LoadOrNotFoundAsync(req.Id, settings, clock, HttpContext, ct) is not { } read) return;
        var b = read.Baseline;
        var hourly = Enumerable.Range(0, 24).Where(h => b.Day[h].Samples > 0)
            .ToDictionary(h => h.ToString(), h => new HourlyPattern(Round(b.Day[h].Mean), Round(b.Day[h].StdDev), b.Day[h].Samples));
        var daily = Enumerable.Range(0, 7)
            .Select(d => (Day: d, Cells: Enumerable.Range(0, 24).Select(h => (Hour: h, Cell: b.Week[d * 24 + h])).Where(c => c.Cell.Samples > 0).ToList()))
            .Where(d => d.Cells.Count > 0)
            .ToDictionary(d => ActivityBaseline.DayName(d.Day).ToLowerInvariant(), d => new DailyPattern(
                Round(d.Cells.Sum(c => c.Cell.Sum) / d.Cells.Sum(c => c.Cell.Samples)),
                d.Cells.Any(c => c.Cell.Sum > 0) ? d.Cells.MaxBy(c => c.Cell.Mean).Hour : null,
                d.Cells.Sum(c => c.Cell.Samples)));
        var objects = b.Classes.ToDictionary(c => c.Key, c => new ObjectBaseline(
            Round(c.Value.Sum(x => x.Sum) / Math.Max(1, b.SampledHours)),
            Enumerable.Range(0, 24).Where(h => c.Value[h].Sum > 0).MaxBy(h => c.Value[h].Sum / b.Day[h].Samples),
            (int)c.Value.Sum(x => x.Sum)));
        var established = read.Read.FirstObservedHour is { } first && b.SampledHours > 0 && b.Day.All(d => d.Samples >= read.Config.MinSamples)
            ? DateTimeOffset.FromUnixTimeSeconds(first * 3600).AddDays(read.Config.MinSamples)
            : (DateTimeOffset?)null;
        await Send.OkAsync(new BaselineSummaryResponse(read.Camera.Id, read.Camera.Name, established, b.SampledHours, hourly, daily, objects,
            Deviation(read), read.Zone.Id, read.Config.WindowDays), ct);
    }

    /// <summary>The last whole hour against the other hours of its cell; null until that cell has min_samples hours.</summary>
    private static CurrentDeviation? Deviation(CameraBaseline read)
    {
        var b = read.Baseline;
        if (b.SampledHours == 0) return null;
        var last = b.Hours[^1];
        var judged = b.Judge(last, read.Config);
        if (!judged.Established) return null;
        var (cell, _) = b.CountCellOf(last, read.Config);
        // A cell that never varied: the difference itself, in detections.
        var z = Round((last.Total - cell.Mean) / (cell.StdDev > 0 ? cell.StdDev : 1));
        var interpretation = z switch
        {
            <= -2 => "far_below_normal",
            <= -1 => "below_normal",
            < 1 => "normal",
            < 2 => "slightly_above_normal",
            < 3 => "above_normal",
            _ => "far_above_normal",
        };
        return new CurrentDeviation(z, interpretation, [.. judged.Anomalies.Select(a => a.Reason)]);
    }

    private static double Round(double x) => Math.Round(x, 4);
}
