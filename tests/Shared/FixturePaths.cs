namespace Hsi.Tests.Shared;

/// <summary>The shared fixtures beside the checkout (../shared), found from the test's directory.</summary>
public static class FixturePaths
{
    public static string Shared { get; } = Find();
    public static string Images => Path.Combine(Shared, "fixtures", "images");
    public static string Model => Path.Combine(Shared, "models", "yolox_nano.onnx");

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("HSI_SHARED_DIR") is { Length: > 0 } configured) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "fixtures"))) return candidate;
        }
        throw new DirectoryNotFoundException("../shared with fixtures/ not found above " + AppContext.BaseDirectory);
    }
}
