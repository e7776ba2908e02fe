namespace Hsi.Tests.Shared;

/// <summary>
/// The test fixtures under <c>tests/fixtures</c> (the pictures put there by <c>ops/fetch-fixtures</c>,
/// never committed) and the detector model that <c>ops/fetch-model</c> puts at
/// <c>models/yolox_nano.onnx</c> (or DETECTOR_MODEL_PATH), all found from the checkout the tests were built in.
/// </summary>
public static class FixturePaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public static string Fixtures => Path.Combine(RepositoryRoot, "tests", "fixtures");
    public static string Images { get; } = FindImages();
    public static string Model { get; } = FindModel();

    /// <summary>The confidence threshold the fixtures' expectations are written for (DETECTION_CONFIDENCE_THRESHOLD's default).</summary>
    public const float DetectionThreshold = 0.5f;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("EventSourced.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindImages()
    {
        var images = Path.Combine(RepositoryRoot, "tests", "fixtures", "images");
        return File.Exists(Path.Combine(images, "person.jpg"))
            ? images
            : throw new FileNotFoundException($"The test pictures are missing in {images}: run ops/fetch-fixtures (ops/test does)");
    }

    private static string FindModel()
    {
        var configured = Environment.GetEnvironmentVariable("DETECTOR_MODEL_PATH");
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(RepositoryRoot, "models", "yolox_nano.onnx")
            : Path.GetFullPath(configured, RepositoryRoot);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The detector model is missing at {path}: run ops/fetch-model (ops/test does)", path);
    }
}
