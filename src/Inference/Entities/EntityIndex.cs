using System.Buffers;
using Hsi.Domain.Entities;
using Hsi.Projections.Entities;
using Marten;
using Marten.Linq.MatchesSql;
using Microsoft.Extensions.Logging;

namespace Hsi.Inference.Entities;

/// <summary>A person embedding as matching sees it: whose it is now, and which entities refused it.</summary>
public sealed record IndexedEmbedding(long DetectionId, Guid? EntityId, Guid[] RejectedBy, string CameraId, DateTimeOffset DetectedAt, float[] Vector)
{
    public static IndexedEmbedding From(EntityAppearanceView v) =>
        new(v.Id, v.EntityId, [.. v.RejectedBy], v.CameraId, v.DetectedAt, v.Embedding ?? []);
}

/// <summary>The person embeddings at one moment, each row's vector at the same index (what the SIMD scan runs over).</summary>
public sealed record EmbeddingSnapshot(IReadOnlyList<IndexedEmbedding> Rows, IReadOnlyList<float[]> Vectors)
{
    public static readonly EmbeddingSnapshot Empty = new([], []);

    public static EmbeddingSnapshot Of(IEnumerable<IndexedEmbedding> rows)
    {
        var list = rows.ToList();
        return new EmbeddingSnapshot(list, [.. list.Select(r => r.Vector)]);
    }
}

/// <summary>The entity a person embedding joins: the entity of its most similar stored embedding.</summary>
public sealed record EntityMatch(Guid EntityId, double Similarity, long DetectionId);

/// <summary>
/// A bounded in-memory copy of the person embeddings in <see cref="EntityAppearanceView"/>, refreshed
/// from PostgreSQL before each use: the documents written since the last look (mt_last_modified, with an
/// overlap for transactions that committed late) and a count that, when it disagrees (a reset, retention,
/// a commit older than the overlap), reloads it whole. Loading every embedding per match instead
/// costs a full read of the table each time (README, Entities: the figures).
/// </summary>
public sealed class EntityIndex(EntityMatchSettings settings, ILogger<EntityIndex> logger)
{
    /// <summary>How far back each refresh looks again: a transaction that began before the last look and committed after it.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim refreshing = new(1, 1);
    private readonly Dictionary<long, IndexedEmbedding> rows = [];
    private DateTimeOffset? lastLook;
    private EmbeddingSnapshot snapshot = EmbeddingSnapshot.Empty;

    /// <summary>The embeddings as they are in the database now (up to the bound, the newest).</summary>
    public async Task<EmbeddingSnapshot> CurrentAsync(IQuerySession session, CancellationToken ct)
    {
        await refreshing.WaitAsync(ct);
        try
        {
            var now = (await session.QueryAsync<DateTimeOffset>("select transaction_timestamp()", ct))[0];
            var changed = false;
            if (lastLook is { } since)
            {
                var batch = session.CreateBatchQuery();
                var updated = batch.Query<EntityAppearanceView>()
                    .Where(a => a.EntityType == EntityType.Person && a.MatchesSql("d.mt_last_modified >= ?", since - Overlap)).ToList();
                var count = batch.Query<EntityAppearanceView>().Where(a => a.EntityType == EntityType.Person).Count();
                await batch.Execute(ct);
                foreach (var view in await updated)
                    if (view.Embedding is { Length: > 0 })
                    {
                        rows[view.Id] = IndexedEmbedding.From(view);
                        changed = true;
                    }
                if (rows.Count > settings.MaxIndexed)
                    foreach (var old in rows.Values.OrderBy(r => r.DetectedAt).Take(rows.Count - settings.MaxIndexed).ToList()) rows.Remove(old.DetectionId);
                if (rows.Count != Math.Min(await count, settings.MaxIndexed)) changed = await ReloadAsync(session, ct);
            }
            else changed = await ReloadAsync(session, ct);
            lastLook = now;
            if (changed) snapshot = EmbeddingSnapshot.Of(rows.Values);
            return snapshot;
        }
        finally
        {
            refreshing.Release();
        }
    }

    private async Task<bool> ReloadAsync(IQuerySession session, CancellationToken ct)
    {
        var views = await session.Query<EntityAppearanceView>().Where(a => a.EntityType == EntityType.Person)
            .OrderByDescending(a => a.DetectedAt).Take(settings.MaxIndexed).ToListAsync(ct);
        rows.Clear();
        foreach (var view in views.Where(v => v.Embedding is { Length: > 0 })) rows[view.Id] = IndexedEmbedding.From(view);
        logger.LogInformation("Entity index loaded {Count} person embeddings", rows.Count);
        return true;
    }

    /// <summary>
    /// The entity whose stored embedding is most similar (≥ <paramref name="threshold"/>), skipping every
    /// entity that rejected an embedding this one is as similar to (≥ threshold) — "not this person"
    /// holds for look-alikes of the rejected picture too.
    /// </summary>
    public static EntityMatch? Best(ReadOnlySpan<float> query, EmbeddingSnapshot embeddings, double threshold, IReadOnlyCollection<Guid>? skip = null)
    {
        var count = embeddings.Rows.Count;
        if (count == 0) return null;
        var buffer = ArrayPool<float>.Shared.Rent(count);
        try
        {
            var similarities = buffer.AsSpan(0, count);
            CosineScan.Similarities(query, embeddings.Vectors, similarities);
            HashSet<Guid>? refused = null;
            for (var i = 0; i < count; i++)
                if (similarities[i] >= threshold && embeddings.Rows[i].RejectedBy.Length > 0)
                    (refused ??= []).UnionWith(embeddings.Rows[i].RejectedBy);
            EntityMatch? best = null;
            for (var i = 0; i < count; i++)
            {
                var row = embeddings.Rows[i];
                if (row.EntityId is not { } entity || similarities[i] < threshold || refused?.Contains(entity) == true || skip?.Contains(entity) == true) continue;
                if (best is null || similarities[i] > best.Similarity) best = new EntityMatch(entity, similarities[i], row.DetectionId);
            }
            return best;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Every stored embedding at least <paramref name="threshold"/> similar, most similar first.</summary>
    public static IReadOnlyList<(IndexedEmbedding Row, double Similarity)> Similar(ReadOnlySpan<float> query, EmbeddingSnapshot embeddings, double threshold, int limit)
    {
        var count = embeddings.Rows.Count;
        if (count == 0) return [];
        var similarities = new float[count];
        CosineScan.Similarities(query, embeddings.Vectors, similarities);
        return [.. Enumerable.Range(0, count).Where(i => similarities[i] >= threshold)
            .OrderByDescending(i => similarities[i]).ThenBy(i => embeddings.Rows[i].DetectionId).Take(limit)
            .Select(i => (embeddings.Rows[i], (double)similarities[i]))];
    }
}
