using Alba;
using Hsi.Api.Tests.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.Cluster;

/// <summary>
/// Two nodes on one database and Redis, each with the gated test jobs and JOBS_MAX_CONCURRENT=1: what one slot
/// means once there are two processes. The second node has folders of its own, so only the first watches
/// <see cref="HostFixture.CameraRoot"/>; it starts when a test first asks for it.
/// </summary>
public sealed class TwoNodesFixture : HostFixture
{
    private static readonly Dictionary<string, string> OneJobSlot = new() { ["JOBS_MAX_CONCURRENT"] = "1" };
    private readonly string _otherCameraRoot = Directory.CreateTempSubdirectory("hsi-cameras-").FullName;
    private readonly string _otherDataDir = Directory.CreateTempSubdirectory("hsi-data-").FullName;
    private IAlbaHost? _other;

    public JobGates Gates { get; } = new();
    public JobGates OtherGates { get; } = new();

    protected override IReadOnlyDictionary<string, string> ExtraSettings => OneJobSlot;

    protected override void AddServices(IServiceCollection services) => JobsFixture.AddTestKinds(services, Gates);

    public async Task<IAlbaHost> OtherNodeAsync()
    {
        if (_other is not null) return _other;
        var settings = TestSettings(_otherCameraRoot, _otherDataDir, ModelPath);
        foreach (var (k, v) in OneJobSlot) settings[k] = v;
        return _other = await AlbaHost.For<Program>(web => ConfigureForTests(web, settings, s => JobsFixture.AddTestKinds(s, OtherGates)));
    }

    public void ReleaseGates()
    {
        Gates.Release();
        OtherGates.Release();
    }

    public override async Task DisposeAsync()
    {
        if (_other is not null) await _other.DisposeAsync();
        Directory.Delete(_otherCameraRoot, recursive: true);
        Directory.Delete(_otherDataDir, recursive: true);
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoNodesCollection : ICollectionFixture<TwoNodesFixture>
{
    public const string Name = "two-nodes";
}

/// <summary>Base of the two-node tests: each starts and ends with an empty store, no job queued or running, every gate open.</summary>
[Collection(TwoNodesCollection.Name)]
public abstract class TwoNodesTest(TwoNodesFixture app) : IAsyncLifetime
{
    protected TwoNodesFixture App { get; } = app;
    protected IAlbaHost Host => App.Host;

    public Task InitializeAsync()
    {
        App.ReleaseGates();
        return App.ResetAsync();
    }

    public Task DisposeAsync()
    {
        App.ReleaseGates();
        return App.ResetAsync();
    }
}
