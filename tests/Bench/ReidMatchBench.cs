using System.Diagnostics;
using System.Globalization;
using Hsi.Inference.Entities;

namespace Hsi.Bench;

/// <summary>
/// ops/bench reid: the cost of one person match (EntityIndex.Best: the exact cosine of the query against
/// every stored embedding, the rejection pass and the best entity) over N stored 512-d embeddings, against a
/// scalar loop doing the same in the same run.
/// </summary>
public static class ReidMatchBench
{
    private const int Dimensions = 512;

    public static int Run(IEnumerable<int> counts)
    {
        var random = new Random(42);
        foreach (var count in counts)
        {
            var rows = Enumerable.Range(0, count).Select(i => new IndexedEmbedding(i, Guid.CreateVersion7(),
                i % 100 == 0 ? [Guid.CreateVersion7()] : [], "cam", DateTimeOffset.UnixEpoch, RandomUnit(random))).ToList();
            var stored = EmbeddingSnapshot.Of(rows);
            var queries = Enumerable.Range(0, 16).Select(_ => RandomUnit(random)).ToArray();
            var matches = Math.Max(20, 2_000_000 / count);

            var simd = Time(matches, q => EntityIndex.Best(queries[q % queries.Length], stored, 0.1)?.DetectionId ?? -1);
            var scalar = Time(matches, q => ScalarBest(queries[q % queries.Length], stored, 0.1)?.DetectionId ?? -1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"stored\":{count},\"matches\":{matches},\"simd_us_per_match\":{simd:0.0},\"scalar_us_per_match\":{scalar:0.0},\"speedup\":{scalar / simd:0.00},\"embeddings_mb\":{count * Dimensions * 4 / 1048576.0:0.0},\"vector_width\":{System.Numerics.Vector<float>.Count}}}"));
        }
        return 0;
    }

    private static double Time(int matches, Func<int, long> match)
    {
        for (var i = 0; i < Math.Min(matches, 10); i++) match(i);
        var watch = Stopwatch.StartNew();
        long sink = 0;
        for (var i = 0; i < matches; i++) sink += match(i);
        watch.Stop();
        GC.KeepAlive(sink);
        return watch.Elapsed.TotalMicroseconds / matches;
    }

    /// <summary>The same decision as <see cref="EntityIndex.Best"/> with a plain loop for each dot product.</summary>
    private static EntityMatch? ScalarBest(float[] query, EmbeddingSnapshot stored, double threshold)
    {
        var similarities = new float[stored.Rows.Count];
        for (var i = 0; i < similarities.Length; i++)
        {
            var v = stored.Vectors[i];
            var dot = 0f;
            for (var d = 0; d < v.Length; d++) dot += query[d] * v[d];
            similarities[i] = dot;
        }
        var refused = new HashSet<Guid>();
        for (var i = 0; i < similarities.Length; i++)
            if (similarities[i] >= threshold) refused.UnionWith(stored.Rows[i].RejectedBy);
        EntityMatch? best = null;
        for (var i = 0; i < similarities.Length; i++)
            if (stored.Rows[i].EntityId is { } e && similarities[i] >= threshold && !refused.Contains(e) && (best is null || similarities[i] > best.Similarity))
                best = new EntityMatch(e, similarities[i], stored.Rows[i].DetectionId);
        return best;
    }

    /// <summary>A random direction: OSNet embeddings are unit vectors, and random ones cost the scan the same.</summary>
    private static float[] RandomUnit(Random random) =>
        CosineScan.Normalised([.. Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1))]);
}
