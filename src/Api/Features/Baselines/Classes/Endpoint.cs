namespace Hsi.Api.Features.Baselines.Classes;

/// <summary>
/// One class at one local hour of day: <c>frequency</c> its mean count per hour, over <c>sample_count</c> hours,
/// <c>hours_seen</c> of which had it.
/// </summary>
public sealed record ClassEntry(string ObjectClass, int Hour, double Frequency, int SampleCount, int HoursSeen);

public sealed record ClassBaselineResponse(string CameraId, IReadOnlyList<ClassEntry> Entries, int UniqueClasses, int TotalSamples, string? MostCommonClass);

public sealed class Endpoint(IQuerySession session, HsiSettings settings, TimeProvider clock) : Endpoint<CameraBaselineRequest, ClassBaselineResponse>
{
    public override void Configure()
    {
        Get("/api/cameras/{id}/baseline/classes");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "A camera's baseline per class and local hour of day: mean count per hour and in how many hours the class appeared");
    }

    public override async Task HandleAsync(CameraBaselineRequest req, CancellationToken ct)
    {
        if (await session.LoadOrNotFoundAsync(req.Id, settings, clock, HttpContext, ct) is not { } read) return;
        var b = read.Baseline;
        var entries = b.Classes.OrderBy(c => c.Key, StringComparer.Ordinal)
            .SelectMany(c => Enumerable.Range(0, 24).Where(h => c.Value[h].HoursSeen > 0)
                .Select(h => new ClassEntry(c.Key, h, Math.Round(c.Value[h].Sum / b.Day[h].Samples, 4), b.Day[h].Samples, c.Value[h].HoursSeen)))
            .ToList();
        var mostCommon = b.Classes.OrderByDescending(c => c.Value.Sum(x => x.Sum)).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).FirstOrDefault();
        await Send.OkAsync(new ClassBaselineResponse(read.Camera.Id, entries, b.Classes.Count, b.SampledHours, mostCommon), ct);
    }
}
