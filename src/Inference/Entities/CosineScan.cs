using System.Numerics.Tensors;

namespace Hsi.Inference.Entities;

/// <summary>
/// Exact cosine similarity of one embedding against many, with SIMD (TensorPrimitives.Dot). The
/// embeddings are L2-normalised, so the dot product is the cosine.
/// </summary>
public static class CosineScan
{
    /// <summary>An embedding scaled to unit length (a zero vector stays zero and matches nothing).</summary>
    public static float[] Normalised(ReadOnlySpan<float> vector)
    {
        var result = vector.ToArray();
        var norm = TensorPrimitives.Norm(result);
        if (norm > 0 && float.IsFinite(norm)) TensorPrimitives.Divide(result, norm, result);
        else Array.Clear(result);
        return result;
    }

    /// <summary>Fills <paramref name="similarities"/>[i] with the cosine of <paramref name="query"/> and <paramref name="candidates"/>[i].</summary>
    public static void Similarities(ReadOnlySpan<float> query, IReadOnlyList<float[]> candidates, Span<float> similarities)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            similarities[i] = candidate.Length == query.Length ? TensorPrimitives.Dot(query, candidate) : 0f;
        }
    }
}
