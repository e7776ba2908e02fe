using Alba;
using Hsi.Api.Configuration;
using Hsi.Api.Features.Operations;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using StackExchange.Redis;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Runtime;

namespace Hsi.Api.Tests;

/// <summary>
/// One API host per configuration for the whole assembly, on the real PostgreSQL and Redis
/// that ops/services starts. Tests run against database <c>hsi_test</c> (override with
/// TEST_DATABASE_URL), whose name also prefixes their Redis keys and channels, and a camera
/// root of their own in a temporary folder.
/// </summary>
public abstract class HostFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>What the host logged.</summary>
    public RecordedLogs Logs { get; } = new();
    public string CameraRoot { get; } = Directory.CreateTempSubdirectory("hsi-cameras-").FullName;
    public string DataDir { get; } = Directory.CreateTempSubdirectory("hsi-data-").FullName;

    /// <summary>A copy of the shared model, so a test can break it and put it back.</summary>
    public string ModelPath => Path.Combine(DataDir, "model", "yolox_nano.onnx");

    /// <summary>Runs before the host starts (e.g. to leave files for the start-up rescan).</summary>
    protected virtual void BeforeStart() { }

    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    /// <summary>Services a fixture adds to its host (e.g. a job kind only tests run).</summary>
    protected virtual void AddServices(IServiceCollection services) { }

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Directory.CreateDirectory(Path.GetDirectoryName(ModelPath)!);
        File.Copy(FixturePaths.Model, ModelPath, overwrite: true);
        BeforeStart();
        var settings = TestSettings(CameraRoot, DataDir, ModelPath);
        foreach (var (k, v) in ExtraSettings) settings[k] = v;
        Host = await AlbaHost.For<Program>(web => ConfigureForTests(web, settings, services =>
        {
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            AddServices(services);
        }));
    }

    /// <summary>The settings every test host starts from: its own folders, the test database and Redis.</summary>
    internal static Dictionary<string, string> TestSettings(string cameraRoot, string dataDir, string modelPath) => new()
    {
        ["DATABASE_URL"] = Environment.GetEnvironmentVariable("TEST_DATABASE_URL") ?? "postgresql://hsi:hsi@127.0.0.1:5432/hsi_test",
        ["REDIS_URL"] = Environment.GetEnvironmentVariable("TEST_REDIS_URL") ?? "redis://127.0.0.1:6379/1",
        ["CAMERA_ROOT"] = cameraRoot,
        ["DATA_DIR"] = dataDir,
        ["DETECTOR_MODEL_PATH"] = modelPath,
        ["DETECTOR_DEVICE"] = "cpu",
        // Security events close a second after their last detection, so tests see them soon.
        ["BATCH_IDLE_TIMEOUT_SECONDS"] = "1",
        // Tests make many requests from one client; the rate-limit tests start hosts with limits on.
        ["RATE_LIMIT_ENABLED"] = "false",
    };

    internal static void ConfigureForTests(IWebHostBuilder web, IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? addServices = null)
    {
        foreach (var (k, v) in settings) web.UseSetting(k, v);
        web.ConfigureServices(services =>
        {
            services.RunWolverineInSoloMode();
            services.DisableAllExternalWolverineTransports();
            addServices?.Invoke(services);
        });
    }

    /// <summary>Empties the event store, documents, message storage, de-duplication memory and camera folders between tests.</summary>
    public async Task ResetAsync()
    {
        foreach (var dir in Directory.EnumerateDirectories(CameraRoot)) Directory.Delete(dir, recursive: true);
        foreach (var file in Directory.EnumerateFiles(CameraRoot)) File.Delete(file);
        await WaitForInboxToEmptyAsync();
        // Retries an earlier test scheduled would fire on a store that no longer has their streams and end up
        // as dead letters in the next test's queues; they and the dead letters go with the reset.
        await Host.Services.GetRequiredService<IWolverineRuntime>().Storage.Admin.ClearAllAsync();
        await Host.ResetAllMartenDataAsync();
        var redis = Host.Services.GetRequiredService<IConnectionMultiplexer>();
        var prefix = Host.Services.GetRequiredService<HsiSettings>().RedisPrefix;
        var db = redis.GetDatabase();
        foreach (var server in redis.GetServers())
            await foreach (var key in server.KeysAsync(db.Database, $"{prefix}:dedup:*")) await db.KeyDeleteAsync(key);
    }

    /// <summary>
    /// A test may end while the pipeline still works on its files (a batch closing, a risk decision,
    /// a scene check); that work would land after the reset, in the next test. Waits (bounded) until
    /// no message is waiting or running; retries scheduled for later are cleared with the reset.
    /// </summary>
    private async Task WaitForInboxToEmptyAsync()
    {
        var depths = Host.Services.GetRequiredService<QueueDepths>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && (await depths.InboxAsync(CancellationToken.None)).Any(d => d.Status == "incoming"))
            await Task.Delay(100);
    }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(CameraRoot, recursive: true);
        Directory.Delete(DataDir, recursive: true);
    }
}

public sealed class AppFixture : HostFixture;

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "api";
}

/// <summary>Base of tests that share the default host; each starts from an empty store.</summary>
[Collection(AppCollection.Name)]
public abstract class ApiTest(AppFixture app) : IAsyncLifetime
{
    protected AppFixture App { get; } = app;
    protected IAlbaHost Host => App.Host;

    public virtual Task InitializeAsync() => App.ResetAsync();
    public virtual Task DisposeAsync() => Task.CompletedTask;
}
