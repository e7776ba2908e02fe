using Hsi.Inference.Entities;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;

namespace Hsi.Api.Tests.Entities;

/// <summary>One re-ID fixture picture: <c>{gallery|query}_{person}_c{camera}_f{frame}.jpg</c> (a Market-1501-style crop).</summary>
public sealed record ReidPicture(string Path, string Role, string Person, string Camera, float[] Embedding)
{
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);
}

/// <summary>
/// The re-ID fixtures (<c>fixtures/enrichment/reid</c>) embedded by the real OSNet x0.25 model: input
/// [B,3,256,128] RGB with ImageNet mean/std, output [B,512], L2-normalised. Found in tests/fixtures/enrichment
/// (ops/fetch-fixtures) or the neighbouring ../shared.
/// </summary>
public static class ReidFixtures
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f];

    public static string Folder { get; } = Find(Path.Combine("fixtures", "enrichment", "reid"), "query_0030_c1_f0056923.jpg",
        Path.Combine(FixturePaths.RepositoryRoot, "tests"), Path.Combine(FixturePaths.RepositoryRoot, "..", "shared"));

    public static string Model { get; } = Find(Path.Combine("enrichment"), "osnet_x0_25_msmt17.onnx",
        Path.Combine(FixturePaths.RepositoryRoot, "models"), Path.Combine(FixturePaths.RepositoryRoot, "..", "shared", "models"));

    private static readonly Lazy<IReadOnlyList<ReidPicture>> Embedded = new(EmbedAll);

    public static IReadOnlyList<ReidPicture> All => Embedded.Value;

    private static IReadOnlyList<ReidPicture> EmbedAll()
    {
        using var session = new InferenceSession(Path.Combine(Model, "osnet_x0_25_msmt17.onnx"));
        var inputName = session.InputMetadata.Keys.First();
        return [.. Directory.EnumerateFiles(Folder, "*.jpg").Order(StringComparer.Ordinal).Select(path =>
        {
            var parts = Path.GetFileNameWithoutExtension(path).Split('_');
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, Preprocess(path))]);
            return new ReidPicture(path, parts[0], parts[1], parts[2], CosineScan.Normalised(results[0].AsEnumerable<float>().ToArray()));
        })];
    }

    private static DenseTensor<float> Preprocess(string path)
    {
        using var original = SKBitmap.Decode(path);
        using var resized = original.Resize(new SKImageInfo(128, 256, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear));
        var tensor = new DenseTensor<float>([1, 3, 256, 128]);
        for (var y = 0; y < 256; y++)
        for (var x = 0; x < 128; x++)
        {
            var c = resized.GetPixel(x, y);
            tensor[0, 0, y, x] = (c.Red / 255f - Mean[0]) / Std[0];
            tensor[0, 1, y, x] = (c.Green / 255f - Mean[1]) / Std[1];
            tensor[0, 2, y, x] = (c.Blue / 255f - Mean[2]) / Std[2];
        }
        return tensor;
    }

    private static string Find(string relative, string file, params string[] roots) =>
        roots.Select(r => Path.GetFullPath(Path.Combine(r, relative))).FirstOrDefault(d => File.Exists(Path.Combine(d, file)))
        ?? throw new FileNotFoundException($"{file} is missing under {string.Join(" and ", roots.Select(r => Path.Combine(r, relative)))}: run ops/fetch-model and ops/fetch-fixtures");
}
