using Hsi.Api.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hsi.Api.Tests.Configuration;

public class MqttSettingsTests
{
    private static HsiSettings From(params (string Key, string Value)[] values) =>
        HsiSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Fact]
    public void Unset_mqtt_url_turns_mqtt_off_and_the_defaults_are_the_documented_ones()
    {
        var settings = From();
        Assert.False(settings.MqttEnabled);
        Assert.Equal(("hsi", 60d, 256), (settings.MqttTopicPrefix, settings.MqttPersonTimeoutSeconds, settings.MqttSnapshotMaxKb));
        Assert.Equal($"hsi-{Environment.MachineName}", settings.MqttClientId);
        Assert.True(From(("MQTT_URL", "mqtts://broker.lan:8883")).MqttEnabled);
    }

    [Theory]
    [InlineData("MQTT_URL", "http://broker:1883")]
    [InlineData("MQTT_URL", "broker:1883")]
    [InlineData("MQTT_TOPIC_PREFIX", "hsi/#")]
    [InlineData("MQTT_TOPIC_PREFIX", "a/+/b")]
    [InlineData("MQTT_PERSON_TIMEOUT_SECONDS", "0")]
    [InlineData("MQTT_SNAPSHOT_MAX_KB", "-1")]
    public void A_bad_mqtt_setting_stops_the_start_naming_it(string key, string value) =>
        Assert.Contains(key, Assert.Throws<InvalidOperationException>(() => From((key, value))).Message);
}
