using Hsi.Inference.Enrichment;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Hsi.Api.Tests.Entities;

/// <summary>One re-ID fixture picture: <c>{gallery|query}_{person}_c{camera}_f{frame}.jpg</c> (a Market-1501-style crop).</summary>
public sealed record ReidPicture(string Path, string Role, string Person, string Camera, float[] Embedding)
{
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);
}

/// <summary>
/// The re-ID fixtures (<c>tests/fixtures/enrichment/reid</c>, ops/fetch-fixtures) embedded by the enrichment
/// stage's own <see cref="OsNetEmbedder"/> on the real OSNet x0.25 model (ops/fetch-model), each picture whole as the crop.
/// </summary>
public static class ReidFixtures
{
    private static readonly Lazy<IReadOnlyList<ReidPicture>> Embedded = new(EmbedAll);

    public static IReadOnlyList<ReidPicture> All => Embedded.Value;

    private static IReadOnlyList<ReidPicture> EmbedAll()
    {
        using var session = new InferenceSession(Path.Combine(EnrichmentFixturePaths.Models, "osnet_x0_25_msmt17.onnx"));
        var embedder = new OsNetEmbedder(session);
        return [.. Directory.EnumerateFiles(EnrichmentFixturePaths.Picture("reid"), "*.jpg").Order(StringComparer.Ordinal).Select(path =>
        {
            var parts = Path.GetFileNameWithoutExtension(path).Split('_');
            using var picture = SKBitmap.Decode(path);
            return new ReidPicture(path, parts[0], parts[1], parts[2], embedder.Embed(picture));
        })];
    }
}
