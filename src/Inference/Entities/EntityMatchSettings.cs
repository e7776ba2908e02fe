namespace Hsi.Inference.Entities;

/// <param name="Threshold">ENTITY_MATCH_THRESHOLD: the least cosine similarity at which a person joins an entity.</param>
/// <param name="MaxIndexed">ENTITY_INDEX_MAX_EMBEDDINGS: the most person embeddings matching holds in memory (the newest).</param>
public sealed record EntityMatchSettings(double Threshold = EntityMatchSettings.DefaultThreshold, int MaxIndexed = EntityMatchSettings.DefaultMaxIndexed)
{
    /// <summary>
    /// Chosen from the re-ID fixtures with the real OSNet model (README, Entities): between the lowest
    /// same-person and the highest different-person similarity, nearer the different people's side.
    /// </summary>
    public const double DefaultThreshold = 0.5;

    public const int DefaultMaxIndexed = 200_000;
}
