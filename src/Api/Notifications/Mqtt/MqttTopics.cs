namespace Hsi.Api.Notifications.Mqtt;

/// <summary>Every topic this API publishes or reads, under MQTT_TOPIC_PREFIX (README: "MQTT topics").</summary>
public sealed class MqttTopics(string prefix)
{
    public const string Online = "online", Offline = "offline", On = "ON", Off = "OFF";
    public const string DiscoveryPrefix = "homeassistant";

    public string Prefix { get; } = prefix;
    public string Availability => $"{Prefix}/availability";
    public string Events => $"{Prefix}/events";
    public string Alerts => $"{Prefix}/alerts";

    public string CameraEvent(string camera) => $"{Prefix}/{camera}/event";
    public string CameraAlert(string camera) => $"{Prefix}/{camera}/alert";
    public string RiskScore(string camera) => $"{Prefix}/{camera}/risk_score";
    public string RiskLevel(string camera) => $"{Prefix}/{camera}/risk_level";
    public string Person(string camera) => $"{Prefix}/{camera}/person";
    public string Motion(string camera) => $"{Prefix}/{camera}/motion";
    public string Snapshot(string camera) => $"{Prefix}/{camera}/snapshot";

    /// <summary>The retained per-camera state topics (cleared when the camera is deleted).</summary>
    public IEnumerable<string> CameraState(string camera) =>
        [CameraEvent(camera), RiskScore(camera), RiskLevel(camera), Person(camera), Motion(camera), Snapshot(camera)];
}
