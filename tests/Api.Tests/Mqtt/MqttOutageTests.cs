using System.Diagnostics;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Notifications;
using Hsi.Api.Tests.Cameras;
using Hsi.Api.Tests.Detections;
using Hsi.Domain.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.Mqtt;

/// <summary>A host whose broker is down when it starts; the test starts it later.</summary>
public sealed class BrokerDownFixture() : BrokerHostFixture(Prefix)
{
    public const string Prefix = "hsidown";
}

public class MqttOutageTests(BrokerDownFixture app) : IClassFixture<BrokerDownFixture>
{
    private const string Prefix = BrokerDownFixture.Prefix;

    private async Task<JsonNode> HealthAsync()
    {
        var result = await app.Host.Scenario(s => { s.Get.Url("/api/system/health"); s.IgnoreStatusCode(); });
        return await result.JsonAsync();
    }

    [Fact]
    public async Task With_the_broker_down_health_is_degraded_the_pipeline_still_makes_events_and_once_it_starts_the_api_connects_and_publishes()
    {
        await app.ResetAsync();
        var down = await Eventually.GetAsync(HealthAsync, h => h["services"]?["mqtt"] is not null && h.Str("status") == "degraded", what: "health degraded by mqtt");
        Assert.Equal("unhealthy", down["services"]!["mqtt"]!.Str("status"));
        Assert.Contains("Not connected to the MQTT broker", down["services"]!["mqtt"]!.Str("message"));

        var channel = Assert.Single(app.Host.Services.GetServices<INotificationChannel>(), c => c.Name == "mqtt");
        var alert = new AlertRaised(Guid.NewGuid(), Guid.NewGuid(), "Rule", 1, "front_door", "Front door", "high", 80, "high", null, ["person"],
            "front_door", ["mqtt"], null, null, DateTimeOffset.UtcNow);
        var refused = await channel.SendAsync(alert, null, CancellationToken.None);
        Assert.False(refused.Succeeded);
        Assert.Contains("Not connected", refused.Error);

        await app.Host.RegisteredCameraAsync("Front door", "front_door");
        app.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        var assessed = await Eventually.GetAsync(() => app.Host.GetJsonAsync("/api/events"),
            page => page["items"]!.AsArray().Any(e => e!["risk_score"] is JsonValue), TimeSpan.FromSeconds(120), "an assessed event without a broker");
        var eventId = assessed["items"]!.AsArray().First(e => e!["risk_score"] is JsonValue)!["id"]!.GetValue<long>();

        app.Broker.Start();
        await Eventually.GetAsync(HealthAsync, h => h["services"]!["mqtt"]!.Str("status") == "healthy", TimeSpan.FromSeconds(90), "mqtt healthy");
        await using var subscriber = await MqttSubscriber.ConnectAsync(app.Broker, $"{Prefix}/#", "homeassistant/#");
        Assert.Equal("online", (await subscriber.WaitForAsync($"{Prefix}/availability")).Text);
        // Published while the broker was away, sent (retained) once it came.
        // An earlier test's event may come first, retained from before; this event's message must follow.
        await subscriber.WaitForAsync($"{Prefix}/front_door/event", m => JsonNode.Parse(m.Text)!["id"]!.GetValue<long>() == eventId);
        await subscriber.WaitForAsync("homeassistant/binary_sensor/hsi_front_door_person/config", m => m.Payload.Length > 0);
        Assert.True((await channel.SendAsync(alert, null, CancellationToken.None)).Succeeded);
    }
}

/// <summary>The real API as a child process on the test database, killed with SIGKILL: the broker says it is offline.</summary>
public class MqttLastWillTests
{
    private const string Prefix = "hsikill";

    [Fact]
    public async Task A_killed_api_is_reported_offline_by_its_last_will()
    {
        using var broker = new MosquittoBroker();
        broker.Start();
        await using var subscriber = await MqttSubscriber.ConnectAsync(broker, $"{Prefix}/availability");
        var cameras = Directory.CreateTempSubdirectory("hsi-kill-cameras-").FullName;
        var data = Directory.CreateTempSubdirectory("hsi-kill-data-").FullName;
        var settings = HostFixture.TestSettings(cameras, data, FixturePaths.Model);
        settings["MQTT_URL"] = broker.Url;
        settings["MQTT_TOPIC_PREFIX"] = Prefix;
        settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{MosquittoBroker.FreePort()}";
        var api = Path.Combine(FixturePaths.RepositoryRoot, "src", "Api", "bin", "Debug", "net10.0", "Hsi.Api.dll");
        var start = new ProcessStartInfo("dotnet", [api]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await subscriber.WaitForAsync($"{Prefix}/availability", m => m.Text == "online", timeout: TimeSpan.FromSeconds(120));
            var seen = subscriber.Received.Count;

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();

            var offline = await subscriber.WaitForAsync($"{Prefix}/availability", m => m.Text == "offline", skip: seen);
            Assert.True(offline.Retain);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            Directory.Delete(cameras, recursive: true);
            Directory.Delete(data, recursive: true);
        }
    }
}
