namespace Hsi.Tests.Shared;

/// <summary>
/// The enrichment models <c>ops/fetch-model</c> puts in <c>models/enrichment</c> (or ENRICHMENT_MODEL_DIR) and the
/// pictures <c>ops/fetch-fixtures</c> puts in <c>tests/fixtures/enrichment</c>; neither is committed.
/// </summary>
public static class EnrichmentFixturePaths
{
    public static string Models { get; } = FindModels();
    public static string Pictures { get; } = FindPictures();

    public static string Picture(string relative) => Path.Combine(Pictures, relative);

    private static string FindModels()
    {
        var configured = Environment.GetEnvironmentVariable("ENRICHMENT_MODEL_DIR");
        var dir = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(FixturePaths.RepositoryRoot, "models", "enrichment")
            : Path.GetFullPath(configured, FixturePaths.RepositoryRoot);
        return File.Exists(Path.Combine(dir, "yunet_s_dynamic.onnx"))
            ? dir
            : throw new FileNotFoundException($"The enrichment models are missing in {dir}: run ops/fetch-model (ops/test does)");
    }

    private static string FindPictures()
    {
        var dir = Path.Combine(FixturePaths.Fixtures, "enrichment");
        return File.Exists(Path.Combine(dir, "faces", "group_2.jpg"))
            ? dir
            : throw new FileNotFoundException($"The enrichment test pictures are missing in {dir}: run ops/fetch-fixtures (ops/test does)");
    }
}
