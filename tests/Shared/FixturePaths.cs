namespace Hsi.Tests.Shared;

/// <summary>
/// The test fixtures committed under <c>tests/fixtures</c> and the detector model that
/// <c>ops/fetch-model</c> puts at <c>models/yolox_nano.onnx</c> (or DETECTOR_MODEL_PATH), both
/// found from the checkout the tests were built in.
/// </summary>
public static class FixturePaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public static string Fixtures => Path.Combine(RepositoryRoot, "tests", "fixtures");
    public static string Images => Path.Combine(Fixtures, "images");
    public static string Model { get; } = FindModel();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("EventSourced.sln not found above " + AppContext.BaseDirectory);
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
