using System.Globalization;
using System.Numerics.Tensors;
using Hsi.Inference.Entities;
using Xunit.Abstractions;

namespace Hsi.Api.Tests.Entities;

/// <summary>
/// Why ENTITY_MATCH_THRESHOLD defaults to what it does: on the re-ID fixtures, with the real OSNet
/// model, pairs of pictures of the same person are more similar than it and pairs of different people less.
/// </summary>
public class ReidThresholdTests(ITestOutputHelper output)
{
    [Fact]
    public void The_default_threshold_separates_same_person_pairs_from_different_person_pairs_on_the_fixtures()
    {
        var pictures = ReidFixtures.All;
        Assert.True(pictures.Count >= 20, $"expected the re-ID fixtures, found {pictures.Count} pictures");
        var same = new List<(string, string, float)>();
        var different = new List<(string, string, float)>();
        for (var i = 0; i < pictures.Count; i++)
        for (var j = i + 1; j < pictures.Count; j++)
        {
            var s = TensorPrimitives.Dot(pictures[i].Embedding, pictures[j].Embedding);
            (pictures[i].Person == pictures[j].Person ? same : different).Add((pictures[i].Name, pictures[j].Name, s));
        }
        string Describe(List<(string A, string B, float S)> pairs) => string.Create(CultureInfo.InvariantCulture,
            $"n={pairs.Count} min={pairs.Min(p => p.S):0.000} p10={Percentile(pairs, 0.1):0.000} median={Percentile(pairs, 0.5):0.000} p90={Percentile(pairs, 0.9):0.000} max={pairs.Max(p => p.S):0.000}");
        output.WriteLine($"same person:      {Describe(same)}");
        output.WriteLine($"different people: {Describe(different)}");
        foreach (var (a, b, s) in same.OrderBy(p => p.Item3)) output.WriteLine(FormattableString.Invariant($"  same {s:0.000} {a} {b}"));
        foreach (var (a, b, s) in different.OrderByDescending(p => p.Item3).Take(8)) output.WriteLine(FormattableString.Invariant($"  diff {s:0.000} {a} {b}"));

        var threshold = EntityMatchSettings.DefaultThreshold;
        Assert.True(different.Max(p => p.Item3) < threshold, $"a pair of different people is at or above {threshold}");
        var query = pictures.Single(p => p.Name == "query_0030_c1_f0056923");
        var best = pictures.Where(p => p.Camera != query.Camera)
            .MaxBy(p => TensorPrimitives.Dot(p.Embedding, query.Embedding))!;
        Assert.Equal("0030", best.Person);
        Assert.True(TensorPrimitives.Dot(best.Embedding, query.Embedding) >= threshold);
    }

    private static float Percentile(List<(string, string, float S)> pairs, double p)
    {
        var sorted = pairs.Select(x => x.S).Order().ToList();
        return sorted[(int)Math.Clamp(Math.Round(p * (sorted.Count - 1)), 0, sorted.Count - 1)];
    }
}
