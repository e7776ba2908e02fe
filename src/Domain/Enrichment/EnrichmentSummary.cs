namespace Hsi.Domain.Enrichment;

/// <summary>
/// What enrichment came to for a detection or an event (<c>enrichment_status</c>):
/// <c>pending</c> (not enriched yet), <c>complete</c> (every model that applied ran),
/// <c>partial</c> (some models failed, or some of an event's detections were not enriched yet),
/// <c>failed</c> (every model that applied failed), <c>disabled</c> (ENRICHMENT_ENABLED=false).
/// A model that does not exist here (clothing, pose, …) is neither a success nor a failure.
/// </summary>
/// <param name="SuccessfulModels">Models that filled a group, by name.</param>
/// <param name="FailedModels">Models that failed, by name.</param>
/// <param name="Errors">Each failed model's error.</param>
public sealed record EnrichmentSummary(
    string Status, double SuccessRate, IReadOnlyList<string> SuccessfulModels, IReadOnlyList<string> FailedModels,
    IReadOnlyDictionary<string, string> Errors)
{
    public const string Pending = "pending";
    public const string Complete = "complete";
    public const string Partial = "partial";
    public const string Failed = "failed";
    public const string Disabled = "disabled";

    public static readonly EnrichmentSummary PendingSummary = new(Pending, 0, [], [], new Dictionary<string, string>());
    public static readonly EnrichmentSummary DisabledSummary = new(Disabled, 0, [], [], new Dictionary<string, string>());

    /// <summary>One detection's enrichment.</summary>
    public static EnrichmentSummary Of(DetectionEnrichment enrichment) => Of([enrichment], 1);

    /// <summary>
    /// The enrichments of a group of <paramref name="expected"/> detections (an event's): any not enriched
    /// make it <c>partial</c> at best; none enriched is <c>pending</c>.
    /// </summary>
    public static EnrichmentSummary Of(IReadOnlyCollection<DetectionEnrichment> enrichments, int expected)
    {
        if (enrichments.Count == 0) return expected == 0 ? new(Complete, 1, [], [], new Dictionary<string, string>()) : PendingSummary;
        var successful = enrichments.SelectMany(SucceededModels).Distinct().Order(StringComparer.Ordinal).ToList();
        var errors = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var error in enrichments.SelectMany(e => e.Errors)) errors.TryAdd(error.ModelName, error.Error);
        var runs = enrichments.Sum(e => SucceededModels(e).Count() + e.Errors.Count);
        var succeeded = enrichments.Sum(e => SucceededModels(e).Count());
        var rate = runs == 0 ? 1 : Math.Round((double)succeeded / runs, 4);
        var status = errors.Count == 0 && enrichments.Count >= expected ? Complete
            : succeeded == 0 && enrichments.Count >= expected ? Failed
            : Partial;
        return new(status, rate, successful, [.. errors.Keys], errors);
    }

    private static IEnumerable<string> SucceededModels(DetectionEnrichment e)
    {
        if (e.Face is { } face) yield return face.Model.ModelName;
        if (e.LicensePlate is { } plate) yield return plate.Model.ModelName;
        if (e.Pet is { } pet) yield return pet.Model.ModelName;
        if (e.Vehicle is { } vehicle) yield return vehicle.Model.ModelName;
        if (e.ImageQuality is { } quality) yield return quality.Model.ModelName;
        if (e.Embedding is { } embedding) yield return embedding.Model.ModelName;
    }
}
