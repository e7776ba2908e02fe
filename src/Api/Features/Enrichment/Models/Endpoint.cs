using Hsi.Inference.Enrichment;

namespace Hsi.Api.Features.Enrichment.Models;

/// <summary>
/// One enrichment model (SEED-API §5 model list): <c>status</c> is <c>loaded</c>, <c>unavailable</c> (no model file, or no
/// model exists here for its group) or <c>error</c> (it failed to load); inference p50/p95 in ms over its recent runs.
/// </summary>
public sealed record ModelResponse(
    string Name, string DisplayName, string Category, string Status, bool Enabled, bool Available, string? Path, string? Provider,
    string? Reason, double? InferenceP50Ms, double? InferenceP95Ms, long InferenceCount)
{
    public static ModelResponse From(EnrichmentModelStatus m) => new(
        m.Name, m.DisplayName, m.Group, m.Status, m.Enabled, m.Status == "loaded", m.Path, m.Provider, m.Reason,
        m.P50Ms is { } p50 ? Math.Round(p50, 3) : null, m.P95Ms is { } p95 ? Math.Round(p95, 3) : null, m.InferenceCount);
}

public sealed class Endpoint(IDetectionEnricher enricher) : EndpointWithoutRequest<ListEnvelope<ModelResponse>>
{
    public override void Configure()
    {
        Get("/api/system/models");
        Summary(s => s.Summary =
            "Every enrichment model, loaded or not, and the groups no model here can fill (unavailable): status, provider, path, inference p50/p95 ms");
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(ListEnvelope<ModelResponse>.Whole([.. enricher.Models.Select(ModelResponse.From)]), ct);
}
