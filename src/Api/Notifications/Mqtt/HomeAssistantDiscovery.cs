using System.Text.Json;
using System.Text.RegularExpressions;
using Hsi.Projections.Cameras;

namespace Hsi.Api.Notifications.Mqtt;

/// <summary>
/// Home Assistant's MQTT discovery: per camera one device <c>hsi_&lt;camera&gt;</c> with a person and a
/// motion binary sensor, the last risk score and level, and the latest snapshot as an image entity.
/// Configs are retained, so Home Assistant finds them whenever it connects; sent for every camera on
/// connect and when Home Assistant says <c>online</c>, for a camera when it is registered, renamed or
/// restored, and cleared (an empty retained payload) when it is deleted.
/// </summary>
public sealed partial class HomeAssistantDiscovery(MqttConnection mqtt, HsiSettings settings)
{

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>(component, entity) of every config a camera has.</summary>
    private static readonly (string Component, string Entity)[] Entities =
        [("binary_sensor", "person"), ("binary_sensor", "motion"), ("sensor", "risk_score"), ("sensor", "risk_level"), ("image", "snapshot")];

    public void Publish(CameraView camera)
    {
        foreach (var (component, entity) in Entities)
            if (Config(camera, entity) is { } config)
                mqtt.Enqueue(ConfigTopic(component, camera.Id, entity), JsonSerializer.Serialize(config, Json), retain: true);
    }

    public void Clear(string cameraId)
    {
        foreach (var (component, entity) in Entities) mqtt.Enqueue(ConfigTopic(component, cameraId, entity), "", retain: true);
    }

    /// <summary>The discovery topic, e.g. <c>homeassistant/binary_sensor/hsi_front_door_person/config</c>.</summary>
    public static string ConfigTopic(string component, string cameraId, string entity) =>
        $"{MqttTopics.DiscoveryPrefix}/{component}/{ObjectId(cameraId)}_{entity}/config";

    /// <summary>Home Assistant takes only <c>[a-zA-Z0-9_-]</c> in discovery ids; a camera id may hold other letters.</summary>
    public static string ObjectId(string cameraId) => "hsi_" + NotIdCharacter().Replace(cameraId, "_");

    private Dictionary<string, object>? Config(CameraView camera, string entity)
    {
        var topics = mqtt.Topics;
        var id = ObjectId(camera.Id);
        var config = new Dictionary<string, object>
        {
            ["unique_id"] = $"{id}_{entity}",
            ["object_id"] = $"{id}_{entity}",
            ["availability_topic"] = topics.Availability,
            ["payload_available"] = MqttTopics.Online,
            ["payload_not_available"] = MqttTopics.Offline,
            ["device"] = new Dictionary<string, object>
            {
                ["identifiers"] = new[] { id },
                ["name"] = camera.Name,
                ["manufacturer"] = "HSI",
                ["model"] = "Home Security Intelligence camera",
            },
        };
        switch (entity)
        {
            case "person" or "motion":
                config["name"] = entity == "person" ? "Person" : "Motion";
                config["device_class"] = entity == "person" ? "occupancy" : "motion";
                config["state_topic"] = entity == "person" ? topics.Person(camera.Id) : topics.Motion(camera.Id);
                config["payload_on"] = MqttTopics.On;
                config["payload_off"] = MqttTopics.Off;
                break;
            case "risk_score":
                config["name"] = "Risk score";
                config["state_topic"] = topics.RiskScore(camera.Id);
                config["state_class"] = "measurement";
                config["icon"] = "mdi:shield-alert";
                break;
            case "risk_level":
                config["name"] = "Risk level";
                config["state_topic"] = topics.RiskLevel(camera.Id);
                // The last event's fields (summary, object types, thumbnail) as the sensor's attributes.
                config["json_attributes_topic"] = topics.CameraEvent(camera.Id);
                config["icon"] = "mdi:shield-half-full";
                break;
            case "snapshot":
                if (settings.MqttSnapshotMaxKb == 0) return null;
                config["name"] = "Snapshot";
                config["image_topic"] = topics.Snapshot(camera.Id);
                config["content_type"] = "image/jpeg";
                break;
        }
        return config;
    }

    [GeneratedRegex("[^a-zA-Z0-9_-]")]
    private static partial Regex NotIdCharacter();
}
