using System.Runtime.CompilerServices;
using Hsi.Inference.Detection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hsi.Inference.Tests.Detection;

/// <summary>A replay's detector: the loaded one for the configured model, its own (released after) for another.</summary>
public sealed class DetectorLeaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hsi-lease-").FullName;
    private readonly DetectorHost _host;

    public DetectorLeaseTests()
    {
        File.Copy(FixturePaths.Model, Path.Combine(_folder, "yolox_nano.onnx"));
        _host = new DetectorHost(new DetectorOptions(Path.Combine(_folder, "yolox_nano.onnx"), Device: DetectorDevice.Cpu), NullLogger<DetectorHost>.Instance);
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ModelFamily.Yolox)]
    public void The_configured_model_at_another_threshold_shares_the_loaded_detector(ModelFamily? family)
    {
        var loaded = _host.TryGet();

        using var lease = _host.Lease(_host.Options with { Family = family });

        Assert.True(lease.Shared);
        Assert.Same(loaded, lease.Detector);
    }

    [Fact]
    public void The_configured_model_read_as_another_family_is_loaded_for_the_lease()
    {
        _host.TryGet();

        using var lease = _host.Lease(_host.Options with { Family = ModelFamily.YoloV8 });

        Assert.False(lease.Shared);
        Assert.NotSame(_host.TryGet(), lease.Detector);
    }

    [Fact]
    public void Another_model_is_loaded_for_the_lease_alone_and_nothing_holds_it_once_the_lease_is_disposed()
    {
        var other = Path.Combine(_folder, "other.onnx");
        File.Copy(FixturePaths.Model, other);

        var released = LeaseAndRelease(_host.Options with { ModelPath = other });

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(released.IsAlive);
    }

    /// <summary>Not inlined, so that no local of the test keeps the detector alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference LeaseAndRelease(DetectorOptions options)
    {
        using var lease = _host.Lease(options);
        Assert.False(lease.Shared);
        Assert.Equal("other", lease.Model.Name);
        Assert.NotEmpty(lease.Detector.Detect(File.ReadAllBytes(Path.Combine(FixturePaths.Images, "dog.jpg")), FixturePaths.DetectionThreshold).Objects);
        return new WeakReference(lease.Detector);
    }

    [Fact]
    public void A_shared_detector_whose_model_file_is_replaced_is_not_used_again()
    {
        using var lease = _host.Lease(_host.Options);
        Assert.True(lease.Shared);

        File.SetLastWriteTimeUtc(_host.Options.ModelPath, DateTime.UtcNow.AddMinutes(1));

        Assert.Throws<DetectorUnavailableException>(() => lease.Detector);
    }
}
