using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Notifications;
using Hsi.Api.Tests.Cameras;
using Hsi.Api.Tests.Detections;
using Hsi.Domain.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.Mqtt;

/// <summary>A host with MQTT_URL pointed at a mosquitto of its own (ops/mosquitto), under the topic prefix <c>hsitest</c>.</summary>
public sealed class MqttFixture() : BrokerHostFixture(Prefix)
{
    public const string Prefix = "hsitest";

    protected override IReadOnlyDictionary<string, string> MoreSettings => new Dictionary<string, string>
    {
        ["MQTT_PERSON_TIMEOUT_SECONDS"] = "3",
    };

    protected override void BeforeStart() => Broker.Start();
}

[CollectionDefinition(Name)]
public sealed class MqttCollection : ICollectionFixture<MqttFixture>
{
    public const string Name = "mqtt";
}

[Collection(MqttCollection.Name)]
public class MqttPublishingTests(MqttFixture app) : IAsyncLifetime
{
    private const string Prefix = MqttFixture.Prefix;
    private IAlbaHost Host => app.Host;

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonNode Json(ReceivedMessage m) => JsonNode.Parse(m.Text)!;

    [Fact]
    public async Task A_registered_camera_gets_retained_discovery_configs_for_home_assistant_and_availability_is_online()
    {
        await Host.RegisteredCameraAsync("Porch", "porch");
        // Connecting after the fact: what a subscriber gets is what the broker retained.
        await using var subscriber = await MqttSubscriber.ConnectAsync(app.Broker, "homeassistant/+/+/config", $"{Prefix}/availability");

        var online = await subscriber.WaitForAsync($"{Prefix}/availability");
        Assert.Equal(("online", true), (online.Text, online.Retain));

        // An earlier test's camera on the same folder may have left its config retained: wait for this camera's.
        var person = await subscriber.WaitForAsync("homeassistant/binary_sensor/hsi_porch_person/config",
            m => m.Payload.Length > 0 && Json(m)["device"]?["name"]?.GetValue<string>() == "Porch");
        Assert.True(person.Retain);
        var config = Json(person);
        Assert.Equal($"{Prefix}/porch/person", config.Str("state_topic"));
        Assert.Equal(("ON", "OFF"), (config.Str("payload_on"), config.Str("payload_off")));
        Assert.Equal("occupancy", config.Str("device_class"));
        Assert.Equal($"{Prefix}/availability", config.Str("availability_topic"));
        Assert.Equal("hsi_porch_person", config.Str("unique_id"));
        var device = config["device"]!;
        Assert.Equal(["hsi_porch"], device["identifiers"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(("Porch", "HSI"), (device.Str("name"), device.Str("manufacturer")));
        Assert.False(string.IsNullOrEmpty(device.Str("model")));

        var motion = Json(await subscriber.WaitForAsync("homeassistant/binary_sensor/hsi_porch_motion/config", m => m.Payload.Length > 0));
        Assert.Equal(("motion", $"{Prefix}/porch/motion"), (motion.Str("device_class"), motion.Str("state_topic")));
        var score = Json(await subscriber.WaitForAsync("homeassistant/sensor/hsi_porch_risk_score/config", m => m.Payload.Length > 0));
        Assert.Equal(("measurement", $"{Prefix}/porch/risk_score"), (score.Str("state_class"), score.Str("state_topic")));
        Assert.Null(score["unit_of_measurement"]);
        var level = Json(await subscriber.WaitForAsync("homeassistant/sensor/hsi_porch_risk_level/config", m => m.Payload.Length > 0));
        Assert.Equal($"{Prefix}/porch/risk_level", level.Str("state_topic"));
        var snapshot = Json(await subscriber.WaitForAsync("homeassistant/image/hsi_porch_snapshot/config", m => m.Payload.Length > 0));
        Assert.Equal(($"{Prefix}/porch/snapshot", "image/jpeg"), (snapshot.Str("image_topic"), snapshot.Str("content_type")));
        Assert.All(new[] { motion, score, level, snapshot }, c => Assert.Equal("hsi_porch", c["device"]!["identifiers"]![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task Home_assistant_coming_online_gets_the_configs_again_and_a_deleted_camera_has_its_configs_cleared()
    {
        await Host.RegisteredCameraAsync("Garage", "garage");
        await using var subscriber = await MqttSubscriber.ConnectAsync(app.Broker, "homeassistant/#");
        const string topic = "homeassistant/binary_sensor/hsi_garage_person/config";
        await subscriber.WaitForAsync(topic, m => m.Payload.Length > 0);

        var seen = subscriber.Received.Count;
        await subscriber.PublishAsync("homeassistant/status", "online");
        var resent = await subscriber.WaitForAsync(topic, m => m.Payload.Length > 0, skip: seen);
        Assert.Equal($"{Prefix}/garage/person", Json(resent).Str("state_topic"));

        seen = subscriber.Received.Count;
        await Host.SendAsync(HttpMethod.Delete, "/api/cameras/garage", status: 204);
        foreach (var config in new[] { topic, "homeassistant/binary_sensor/hsi_garage_motion/config", "homeassistant/sensor/hsi_garage_risk_score/config",
                     "homeassistant/sensor/hsi_garage_risk_level/config", "homeassistant/image/hsi_garage_snapshot/config" })
            Assert.True((await subscriber.WaitForAsync(config, m => m.Payload.Length == 0, skip: seen)).Retain);
        // Cleared on the broker: a new subscriber gets no config for it.
        await using var late = await MqttSubscriber.ConnectAsync(app.Broker, "homeassistant/binary_sensor/hsi_garage_person/config", $"{Prefix}/availability");
        await late.WaitForAsync($"{Prefix}/availability");
        Assert.DoesNotContain(late.Received, m => m.Topic == topic);
    }

    [Fact]
    public async Task An_assessed_event_is_published_with_the_cameras_risk_snapshot_and_person_on_then_off()
    {
        await Host.RegisteredCameraAsync("Front door", "front_door");
        await using var subscriber = await MqttSubscriber.ConnectAsync(app.Broker, $"{Prefix}/#");

        app.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        var message = await subscriber.WaitForAsync($"{Prefix}/events", timeout: TimeSpan.FromSeconds(120));
        Assert.False(message.Retain);
        var published = Json(message);
        var id = published["id"]!.GetValue<long>();
        var stored = await Host.GetJsonAsync($"/api/events/{id}");
        Assert.Equal(("front_door", "Front door"), (published.Str("camera_id"), published.Str("camera_name")));
        Assert.Equal(stored["risk_score"]!.GetValue<int>(), published["risk_score"]!.GetValue<int>());
        Assert.Equal(stored.Str("risk_level"), published.Str("risk_level"));
        Assert.Contains("person", published["object_types"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(published.Str("summary")));
        Assert.StartsWith("/api/detections/", published.Str("thumbnail"));
        Assert.NotNull(published["started_at"]);

        // The broker may first hand over the retained last event of an earlier test: wait for this one's.
        var last = await subscriber.WaitForAsync($"{Prefix}/front_door/event", m => Json(m)["id"]!.GetValue<long>() == id);
        Assert.True(last.Retain);
        // Retained values of earlier tests may come first: the camera's figures reach this event's.
        var score = stored["risk_score"]!.GetValue<int>().ToString();
        await subscriber.WaitForAsync($"{Prefix}/front_door/risk_score", m => m.Text == score);
        await subscriber.WaitForAsync($"{Prefix}/front_door/risk_level", m => m.Text == stored.Str("risk_level"));
        var snapshot = await subscriber.WaitForAsync($"{Prefix}/front_door/snapshot");
        Assert.Equal(File.ReadAllBytes(Path.Combine(FixturePaths.Images, "person.jpg")), snapshot.Payload);

        var on = await subscriber.WaitForAsync($"{Prefix}/front_door/person", m => m.Text == "ON");
        Assert.True(on.Retain);
        await subscriber.WaitForAsync($"{Prefix}/front_door/motion", m => m.Text == "ON");
        // MQTT_PERSON_TIMEOUT_SECONDS=3 with no new person: OFF.
        var off = await subscriber.WaitForAsync($"{Prefix}/front_door/person", m => m.Text == "OFF");
        Assert.True(off.Retain);
        await subscriber.WaitForAsync($"{Prefix}/front_door/motion", m => m.Text == "OFF");
    }

    [Fact]
    public async Task The_mqtt_channel_publishes_the_alert_and_succeeds_on_the_brokers_puback()
    {
        await using var subscriber = await MqttSubscriber.ConnectAsync(app.Broker, $"{Prefix}/alerts", $"{Prefix}/+/alert");
        var channel = Assert.Single(Host.Services.GetServices<INotificationChannel>(), c => c.Name == "mqtt");
        Assert.True(channel.IsConfigured);
        var alert = new AlertRaised(Guid.NewGuid(), Guid.NewGuid(), "Person at night", 42, "front_door", "Front door", "high", 81, "high",
            "A person at the door", ["person"], "front_door", ["mqtt"], null, null, DateTimeOffset.UtcNow);

        var outcome = await channel.SendAsync(alert, null, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var sent = Json(await subscriber.WaitForAsync($"{Prefix}/alerts"));
        Assert.Equal((alert.AlertId.ToString(), "Person at night", 42L, 81), (sent.Str("alert_id"), sent.Str("rule_name"), sent["event_id"]!.GetValue<long>(), sent["risk_score"]!.GetValue<int>()));
        Assert.Equal(alert.AlertId.ToString(), Json(await subscriber.WaitForAsync($"{Prefix}/front_door/alert")).Str("alert_id"));
    }
}
