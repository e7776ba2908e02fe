namespace Hsi.Inference.Entities;

/// <param name="Threshold">ENTITY_MATCH_THRESHOLD: the least cosine similarity at which a person joins an entity.</param>
/// <param name="MaxIndexed">ENTITY_INDEX_MAX_EMBEDDINGS: the most person embeddings matching holds in memory (the newest).</param>
public sealed record EntityMatchSettings(double Threshold = EntityMatchSettings.DefaultThreshold, int MaxIndexed = EntityMatchSettings.DefaultMaxIndexed)
{
    /// <summary>
    /// Chosen from the re-ID fixtures with the real OSNet x0.25 model (README, Entities): the two
    /// distributions overlap (same person 0.569–1.0, different people 0.290–0.654), so it sits in the
    /// middle of the gap above the most similar pair of different people (0.654) and below the same
    /// person across cameras (0.735): no stranger joins anyone, at the price of a few missed joins
    /// (a new entity, which a merge repairs) — a false join would lend a stranger a trusted person's trust.
    /// </summary>
    public const double DefaultThreshold = 0.70;

    public const int DefaultMaxIndexed = 200_000;
}
