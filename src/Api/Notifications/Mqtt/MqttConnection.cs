using System.Buffers;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;
using Prometheus;

namespace Hsi.Api.Notifications.Mqtt;

/// <summary>
/// The one MQTT client of this node. It connects to MQTT_URL with <c>{prefix}/availability</c>
/// <c>offline</c> as its retained last will, says <c>online</c> (retained) on every connect, and
/// reconnects with exponential backoff (1 s doubling to 30 s) for as long as the API runs.
/// <para>
/// Everything but alerts is published fire-and-forget through a bounded outbox: <c>Enqueue</c>
/// never waits, so a broker that is down never holds up the pipeline. While disconnected the outbox
/// keeps the newest <see cref="OutboxCapacity"/> messages and drops the oldest (counted in
/// <c>hsi_mqtt_dropped_total</c>); they go out on reconnect, after the retained state is sent afresh.
/// Nothing is kept across a restart.
/// </para>
/// </summary>
public sealed class MqttConnection : BackgroundService
{
    public const int OutboxCapacity = 1000;
    public const string HomeAssistantStatusTopic = "homeassistant/status";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1), LastRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConnectedPoll = TimeSpan.FromMilliseconds(250);

    private static readonly Counter Dropped = Metrics.CreateCounter(
        "hsi_mqtt_dropped_total", "MQTT messages dropped unsent: the outbox was full while the broker was away, or the connection broke mid-publish.");

    private readonly HsiSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<MqttConnection> _logger;
    private readonly IMqttClient _client;
    private readonly Channel<MqttApplicationMessage> _outbox;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MqttConnection(HsiSettings settings, TimeProvider clock, ILogger<MqttConnection> logger)
    {
        _settings = settings;
        _clock = clock;
        _logger = logger;
        Topics = new MqttTopics(settings.MqttTopicPrefix);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _outbox = Channel.CreateBounded<MqttApplicationMessage>(
            new BoundedChannelOptions(OutboxCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Dropped.Inc());
    }

    public MqttTopics Topics { get; }

    public bool IsConfigured => _settings.MqttEnabled;

    public bool IsConnected => _client.IsConnected;

    /// <summary>Why the last connect failed or the connection broke; null while connected.</summary>
    public string? LastError { get; private set; }

    /// <summary>The broker as configured, without credentials (for health and errors).</summary>
    public string Broker => IsConfigured && Uri.TryCreate(_settings.MqttUrl, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{PortOf(uri)}" : "";

    /// <summary>
    /// Runs after every connect and whenever Home Assistant announces itself: the retained state
    /// (discovery configs, per-camera sensors) is sent again. Handlers enqueue; they must not wait on the broker.
    /// </summary>
    public event Func<CancellationToken, Task>? StateRequested;

    /// <summary>Queues a message for the broker and returns at once; with MQTT off it is ignored.</summary>
    public void Enqueue(MqttApplicationMessage message)
    {
        if (IsConfigured) _outbox.Writer.TryWrite(message);
    }

    public void Enqueue(string topic, string payload, bool retain) => Enqueue(Message(topic, payload, retain));

    /// <summary>Publishes now at QoS 1 and answers what the broker said (its PUBACK), or why it could not.</summary>
    public async Task<ChannelOutcome> PublishAsync(MqttApplicationMessage message, CancellationToken ct)
    {
        if (!IsConfigured) return ChannelOutcome.Failure("MQTT is not configured (MQTT_URL is not set)");
        if (!_client.IsConnected)
            return ChannelOutcome.Failure($"Not connected to the MQTT broker at {Broker}: {LastError ?? "connecting"}");
        try
        {
            var result = await _client.PublishAsync(message, ct);
            return result.IsSuccess ? ChannelOutcome.Success()
                : ChannelOutcome.Failure($"The MQTT broker refused the message: {result.ReasonCode} {result.ReasonString}".TrimEnd());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return ChannelOutcome.Failure($"Publishing to the MQTT broker at {Broker} failed: {ex.Message}");
        }
    }

    public static MqttApplicationMessage Message(string topic, string payload, bool retain) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    public static MqttApplicationMessage Message(string topic, byte[] payload, bool retain) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsConfigured) return;
        await Task.WhenAll(KeepConnectedAsync(stoppingToken), DrainOutboxAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!_client.IsConnected) return;
        // A clean disconnect sends no last will: say offline ourselves.
        try
        {
            await _client.PublishAsync(Message(Topics.Availability, MqttTopics.Offline, retain: true), cancellationToken);
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
        }
        catch (Exception ex)
        {
            _logger.LogInformation("MQTT disconnect at shutdown failed: {Reason}", ex.Message);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private async Task KeepConnectedAsync(CancellationToken ct)
    {
        var retry = FirstRetry;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
                await ConnectAsync(ct);
                retry = FirstRetry;
                LastError = null;
                _logger.LogInformation("Connected to the MQTT broker at {Broker} as {ClientId}", Broker, _settings.MqttClientId);
                RequestState(ct);
                await _disconnected.Task.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LastError = ex.Message;
                _logger.LogWarning("MQTT broker at {Broker} unreachable ({Reason}); retrying in {Seconds} s", Broker, ex.Message, retry.TotalSeconds);
                try { await Task.Delay(retry, _clock, ct); }
                catch (OperationCanceledException) { return; }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ConnectTimeout);
        await _client.ConnectAsync(Options(), timeout.Token);
        await _client.PublishAsync(Message(Topics.Availability, MqttTopics.Online, retain: true), timeout.Token);
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(HomeAssistantStatusTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
    }

    private MqttClientOptions Options()
    {
        var uri = new Uri(_settings.MqttUrl);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(uri.Host, PortOf(uri))
            .WithClientId(_settings.MqttClientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(ConnectTimeout)
            .WithWillTopic(Topics.Availability)
            .WithWillPayload(MqttTopics.Offline)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (uri.Scheme == "mqtts") options.WithTlsOptions(tls => tls.UseTls());
        if (_settings.MqttUsername is { } user) options.WithCredentials(user, _settings.MqttPassword ?? "");
        return options.Build();
    }

    private static int PortOf(Uri uri) => uri.IsDefaultPort || uri.Port <= 0 ? uri.Scheme == "mqtts" ? 8883 : 1883 : uri.Port;

    /// <summary>Sends the outbox in order; a message waits only while the broker is away, and the outbox bound drops the oldest meanwhile.</summary>
    private async Task DrainOutboxAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(ct))
            {
                while (!_client.IsConnected) await Task.Delay(ConnectedPoll, _clock, ct);
                try
                {
                    await _client.PublishAsync(message, ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    Dropped.Inc();
                    _logger.LogInformation("MQTT publish to {Topic} dropped: {Reason}", message.Topic, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (args.ClientWasConnected)
        {
            LastError = args.Exception?.Message ?? $"disconnected ({args.Reason})";
            _logger.LogWarning("Lost the MQTT broker at {Broker}: {Reason}", Broker, LastError);
        }
        _disconnected.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>Home Assistant says <c>online</c> on <c>homeassistant/status</c> when it starts: it needs the discovery configs again.</summary>
    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var message = args.ApplicationMessage;
        if (message.Topic == HomeAssistantStatusTopic && System.Text.Encoding.UTF8.GetString(message.Payload.ToArray()) == "online")
            RequestState(CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Off the client's receive loop: the handlers read the database.</summary>
    private void RequestState(CancellationToken ct)
    {
        if (StateRequested is not { } handlers) return;
        _ = Task.Run(async () =>
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<CancellationToken, Task>>())
            {
                try { await handler(ct); }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    _logger.LogWarning(ex, "Sending the MQTT state failed");
                }
            }
        }, CancellationToken.None);
    }
}
