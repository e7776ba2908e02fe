using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.Realtime;

/// <summary>
/// The API on a real Kestrel socket. The in-memory test server's WebSocket has no framing, no
/// handshake headers and survives a cancelled receive, so the behaviour of a real connection
/// (aborts, message limits, the selected subprotocol) is only observable here.
/// </summary>
public sealed class KestrelFixture : IAsyncLifetime
{
    /// <summary>A few seconds instead of 30, so a test sees server pings quickly.</summary>
    public const int PingIntervalSeconds = 3;

    public const int MaxConnectionsPerClient = 4;

    private readonly string _cameraRoot = Directory.CreateTempSubdirectory("hsi-cameras-").FullName;
    private readonly string _dataDir = Directory.CreateTempSubdirectory("hsi-data-").FullName;
    private WebApplicationFactory<Program> _factory = null!;

    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _factory.Services;

    public Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        var settings = HostFixture.TestSettings(_cameraRoot, _dataDir, FixturePaths.Model);
        settings["urls"] = "http://127.0.0.1:0";
        settings["WS_PING_INTERVAL_SECONDS"] = PingIntervalSeconds.ToString();
        settings["WS_MAX_CONNECTIONS_PER_CLIENT"] = MaxConnectionsPerClient.ToString();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => HostFixture.ConfigureForTests(web, settings));
        _factory.UseKestrel();
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("http://", "ws://"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        Directory.Delete(_cameraRoot, recursive: true);
        Directory.Delete(_dataDir, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class KestrelCollection : ICollectionFixture<KestrelFixture>
{
    public const string Name = "kestrel";
}
