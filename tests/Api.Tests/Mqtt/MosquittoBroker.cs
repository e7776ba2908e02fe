using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace Hsi.Api.Tests.Mqtt;

/// <summary>Debian's mosquitto on a free loopback port, run by the project's ops/mosquitto; stopped and started again at will.</summary>
public sealed class MosquittoBroker : IDisposable
{
    private Process? _process;

    public int Port { get; } = FreePort();
    public string Url => $"mqtt://127.0.0.1:{Port}";

    public void Start()
    {
        if (!File.Exists("/usr/sbin/mosquitto"))
            throw new InvalidOperationException("mosquitto is not installed: run ops/services (it installs the Debian package mosquitto)");
        _process = Process.Start(new ProcessStartInfo(Path.Combine(FixturePaths.RepositoryRoot, "ops", "mosquitto"), ["run", Port.ToString()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Answers())
        {
            if (DateTime.UtcNow > deadline || _process.HasExited) throw new TimeoutException($"mosquitto on port {Port} did not start");
            Thread.Sleep(100);
        }
    }

    public void Stop()
    {
        if (_process is null) return;
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();

    private bool Answers()
    {
        try
        {
            using var tcp = new TcpClient();
            tcp.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One message as a subscriber got it.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Payload, bool Retain)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}

/// <summary>A test's own MQTT client (MQTTnet), subscribed to some filters, keeping every message it gets.</summary>
public sealed class MqttSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();

    private MqttSubscriber()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            _received.Enqueue(new(m.Topic, System.Buffers.BuffersExtensions.ToArray(m.Payload), m.Retain));
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<ReceivedMessage> Received => _received.ToArray();

    public static async Task<MqttSubscriber> ConnectAsync(MosquittoBroker broker, params string[] filters)
    {
        var subscriber = new MqttSubscriber();
        await subscriber._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", broker.Port).WithClientId($"test-{Guid.NewGuid():N}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        // Retain as published: a retained message forwarded live still says it is retained.
        foreach (var filter in filters) subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce, false, true, MqttRetainHandling.SendAtSubscribe);
        await subscriber._client.SubscribeAsync(subscribe.Build());
        return subscriber;
    }

    public Task PublishAsync(string topic, string payload, bool retain = false) =>
        _client.PublishStringAsync(topic, payload, MqttQualityOfServiceLevel.AtLeastOnce, retain);

    /// <summary>Polled: the first message (after <paramref name="skip"/> messages) on the topic that matches.</summary>
    public Task<ReceivedMessage> WaitForAsync(string topic, Func<ReceivedMessage, bool>? matches = null, int skip = 0, TimeSpan? timeout = null) =>
        Eventually.GetAsync(
            () => Task.FromResult(Received.Skip(skip).FirstOrDefault(m => m.Topic == topic && (matches?.Invoke(m) ?? true))),
            m => m is not null, timeout ?? TimeSpan.FromSeconds(60), $"a message on {topic}; got {string.Join(", ", Received.Select(r => r.Topic).Distinct())}")!;

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        _client.Dispose();
    }
}

/// <summary>A test host with a mosquitto of its own (ops/mosquitto): MQTT_URL points at it, under <paramref name="prefix"/>.</summary>
public abstract class BrokerHostFixture(string prefix) : HostFixture
{
    public MosquittoBroker Broker { get; } = new();

    /// <summary>Settings beyond the broker's address and the topic prefix.</summary>
    protected virtual IReadOnlyDictionary<string, string> MoreSettings => new Dictionary<string, string>();

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>(MoreSettings)
    {
        ["MQTT_URL"] = Broker.Url,
        ["MQTT_TOPIC_PREFIX"] = prefix,
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Broker.Dispose();
    }
}
