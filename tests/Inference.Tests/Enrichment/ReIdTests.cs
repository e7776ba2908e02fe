using System.Globalization;
using Hsi.Inference.Enrichment;
using Xunit.Abstractions;

namespace Hsi.Inference.Tests.Enrichment;

/// <summary>OSNet embeddings on the re-ID fixtures (<c>{query|gallery}_{person}_c{camera}_f{frame}.jpg</c>).</summary>
[Collection(EnrichmentModelsCollection.Name)]
public class ReIdTests(EnrichmentModelsFixture models, ITestOutputHelper output)
{
    private sealed record Crop(string File, string Person, string Camera, string Frame, bool Query, float[] Vector);

    private List<Crop> Embedded()
    {
        var embedder = new OsNetEmbedder(models.Registry.Get("osnet")!.Session);
        return Directory.GetFiles(EnrichmentFixturePaths.Picture("reid"), "*.jpg").Order().Select(path =>
        {
            var parts = Path.GetFileNameWithoutExtension(path).Split('_');
            using var picture = EnrichmentModelsFixture.Load(path);
            return new Crop(Path.GetFileName(path), parts[1], parts[2], parts[3], parts[0] == "query", embedder.Embed(picture));
        }).ToList();
    }

    [Fact]
    public void The_query_of_person_0030_is_nearest_to_its_pictures_from_other_cameras()
    {
        var crops = Embedded();
        var query = crops.Single(c => c.Query && c.Person == "0030");
        // The re-ID protocol: the query's own camera is left out of the gallery (the same picture is there too).
        var ranked = crops.Where(c => !c.Query && c.Camera != query.Camera)
            .OrderByDescending(c => OsNetEmbedder.Cosine(query.Vector, c.Vector)).ToList();

        foreach (var c in ranked.Take(5)) output.WriteLine($"{c.File} {OsNetEmbedder.Cosine(query.Vector, c.Vector):F3}");
        Assert.All(ranked.Take(2), c => Assert.Equal("0030", c.Person));
        Assert.Equal(["c2", "c3"], ranked.Take(2).Select(c => c.Camera).Order());
    }

    [Fact]
    public void Embeddings_are_512_wide_and_unit_length_and_the_pair_cosines_are_reported()
    {
        var crops = Embedded();
        Assert.All(crops, c =>
        {
            Assert.Equal(512, c.Vector.Length);
            Assert.Equal(1.0, OsNetEmbedder.Cosine(c.Vector, c.Vector), 3);
        });

        // Distinct pictures only (a query is a copy of one gallery picture).
        var distinct = crops.Where(c => !c.Query).ToList();
        var same = new List<double>();
        var different = new List<double>();
        for (var i = 0; i < distinct.Count; i++)
        for (var j = i + 1; j < distinct.Count; j++)
            (distinct[i].Person == distinct[j].Person ? same : different).Add(OsNetEmbedder.Cosine(distinct[i].Vector, distinct[j].Vector));
        output.WriteLine($"same person ({same.Count} pairs): {Summary(same)}");
        output.WriteLine($"different people ({different.Count} pairs): {Summary(different)}");
        output.WriteLine($"same-person pairs: {string.Join(" ", same.Order().Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}");
        output.WriteLine($"different-person top 10: {string.Join(" ", different.OrderDescending().Take(10).Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}");

        Assert.True(same.Average() > different.Average() + 0.15, $"same {same.Average():F3} vs different {different.Average():F3}");
    }

    private static string Summary(List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double p) => sorted[(int)Math.Round(p * (sorted.Length - 1))];
        return string.Create(CultureInfo.InvariantCulture,
            $"min {sorted[0]:F3} p05 {At(0.05):F3} p50 {At(0.5):F3} mean {values.Average():F3} p95 {At(0.95):F3} max {sorted[^1]:F3}");
    }
}
