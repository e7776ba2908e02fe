using Hsi.Api.Configuration;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StackExchange.Redis;
using Wolverine;

namespace Hsi.Web.Tests;

/// <summary>
/// The real API on a loopback Kestrel port (real PostgreSQL, Redis and detector, the dashboard ops/build-web
/// built), and Debian's Chromium driven by Playwright through <c>ExecutablePath</c>: no browser download.
/// Database <c>hsi_test_web</c> (TEST_WEB_DATABASE_URL) and Redis db 4 (TEST_WEB_REDIS_URL), so these tests
/// can run beside the API tests.
/// </summary>
public class DashboardFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;
    private IPlaywright _playwright = null!;

    public string CameraRoot { get; } = Directory.CreateTempSubdirectory("hsi-web-cameras-").FullName;
    public string DataDir { get; } = Directory.CreateTempSubdirectory("hsi-web-data-").FullName;
    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IServiceProvider Services => _factory.Services;
    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <summary>Settings a fixture adds (e.g. API keys on).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    /// <summary>Where the tests leave screenshots (the README's come from here).</summary>
    public static string ScreenshotDir { get; } = Directory.CreateDirectory(Path.Combine(FixturePaths.RepositoryRoot, "artifacts", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(FixturePaths.RepositoryRoot, "src", "Api", "wwwroot", "index.html")))
            throw new InvalidOperationException("The dashboard is not built: run ops/build-web (ops/test does)");
        JasperFxEnvironment.AutoStartHost = true;
        var settings = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = Environment.GetEnvironmentVariable("TEST_WEB_DATABASE_URL") ?? "postgresql://hsi:hsi@127.0.0.1:5432/hsi_test_web",
            ["REDIS_URL"] = Environment.GetEnvironmentVariable("TEST_WEB_REDIS_URL") ?? "redis://127.0.0.1:6379/4",
            ["CAMERA_ROOT"] = CameraRoot,
            ["DATA_DIR"] = DataDir,
            ["DETECTOR_MODEL_PATH"] = FixturePaths.Model,
            ["DETECTOR_DEVICE"] = "cpu",
            ["BATCH_IDLE_TIMEOUT_SECONDS"] = "1",
            ["RATE_LIMIT_ENABLED"] = "false",
            ["urls"] = "http://127.0.0.1:0",
        };
        foreach (var (k, v) in ExtraSettings) settings[k] = v;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (k, v) in settings) web.UseSetting(k, v);
            web.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
        _factory.UseKestrel();
        _factory.StartServer();
        BaseAddress = new Uri(_factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A new browser context (its own storage, like another person's browser) and page, watched by a <see cref="PageWatch"/>.</summary>
    public async Task<(IPage Page, PageWatch Watch)> OpenAsync(string path = "/", int width = 1280, int height = 900, params int[] expected)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        var watch = new PageWatch(page, BaseAddress);
        // Statuses the page provokes while it loads must be known before it starts.
        foreach (var status in expected) watch.Expect(status);
        await page.GotoAsync(path);
        return (page, watch);
    }

    /// <summary>Empties the store, the de-duplication memory and the camera folders.</summary>
    public async Task ResetAsync()
    {
        foreach (var dir in Directory.EnumerateDirectories(CameraRoot)) Directory.Delete(dir, recursive: true);
        // Through the host, so the async daemon (and the live subscription) restarts from the emptied store.
        await Services.GetRequiredService<Microsoft.Extensions.Hosting.IHost>().ResetAllMartenDataAsync();
        var redis = Services.GetRequiredService<IConnectionMultiplexer>();
        var prefix = Services.GetRequiredService<HsiSettings>().RedisPrefix;
        var db = redis.GetDatabase();
        foreach (var server in redis.GetServers())
            await foreach (var key in server.KeysAsync(db.Database, $"{prefix}:dedup:*")) await db.KeyDeleteAsync(key);
    }

    /// <summary>Copies a picture into a camera folder under a temporary name and renames it, as an FTP upload finishes.</summary>
    public string Drop(string source, string camera, string? name = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(CameraRoot, camera)).FullName;
        var target = Path.Combine(folder, name ?? Path.GetFileName(source));
        File.Copy(source, target + ".part", overwrite: true);
        File.Move(target + ".part", target, overwrite: true);
        return target;
    }

    public virtual async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
        Directory.Delete(CameraRoot, recursive: true);
        Directory.Delete(DataDir, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}

/// <summary>Base of browser tests on the default host: each starts from an empty store and ends with a clean page record.</summary>
[Collection(DashboardCollection.Name)]
public abstract class BrowserTest(DashboardFixture app) : IAsyncLifetime
{
    protected DashboardFixture App { get; } = app;
    private readonly List<PageWatch> _watches = [];

    /// <summary>Opens a page; when the test ends, it fails if that page had a console error, a page error or a failed same-origin request.</summary>
    protected async Task<IPage> OpenAsync(string path = "/", int width = 1280, int height = 900, params int[] expected)
    {
        var (page, watch) = await App.OpenAsync(path, width, height, expected);
        _watches.Add(watch);
        return page;
    }

    protected PageWatch WatchOf(IPage page) => _watches.First(w => w.Page == page);

    public virtual Task InitializeAsync() => App.ResetAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var w in _watches) await w.Page.Context.CloseAsync();
        var problems = _watches.SelectMany(w => w.Problems).ToList();
        Assert.True(problems.Count == 0, "The page had problems:\n" + string.Join("\n", problems));
    }
}
