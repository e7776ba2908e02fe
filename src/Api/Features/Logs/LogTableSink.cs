using System.Globalization;
using System.Text;
using Npgsql;
using Prometheus;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting.Json;
using Serilog.Parsing;

namespace Hsi.Api.Features.Logs;

/// <summary>
/// Serilog's batching sink writes here: each batch it hands over becomes rows of the log table in one
/// COPY. A failing batch throws, and Serilog retries it with back-off and in the end drops it (its
/// <see cref="Serilog.Configuration.BatchingOptions"/>); the application never waits on it.
/// </summary>
public sealed class LogTableSink(NpgsqlDataSource pool, LogTableBacklog backlog) : IBatchedLogEventSink, IDisposable
{
    private readonly LogTable _table = new(pool);

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _table.InsertAsync([.. batch.Select(ToRow)], timeout.Token);
        backlog.Written(batch.Count);
    }

    /// <summary>The pool is the sink's own; Serilog disposes the sink when the host disposes the logger.</summary>
    public void Dispose() => pool.Dispose();

    /// <summary>Properties that have columns of their own, by their name in lower case without underscores.</summary>
    private static readonly HashSet<string> CameraIdNames = ["cameraid"], EventIdNames = ["eventid"],
        RequestIdNames = ["requestid"], DetectionIdNames = ["detectionid"], DurationNames = ["durationms", "elapsedms", "elapsedmilliseconds", "ms"];

    private const int ExceptionMax = 4000, ValueMax = 1000;

    private static LogRow ToRow(LogEvent e)
    {
        string? cameraId = null, requestId = null;
        long? eventId = null, detectionId = null;
        int? durationMs = null;
        var extra = new Dictionary<string, LogEventPropertyValue>();
        foreach (var (name, value) in e.Properties)
        {
            if (name == Constants.SourceContextPropertyName) continue;
            var key = name.Replace("_", "").ToLowerInvariant();
            if (CameraIdNames.Contains(key) && Scalar(value) is { } camera) cameraId = camera.ToString();
            else if (EventIdNames.Contains(key) && Whole(value) is { } ev) eventId = ev;
            else if (RequestIdNames.Contains(key) && Scalar(value) is { } request) requestId = request.ToString();
            else if (DetectionIdNames.Contains(key) && Whole(value) is { } detection) detectionId = detection;
            else if (DurationNames.Contains(key) && Milliseconds(value) is { } ms) durationMs = ms;
            else extra[name] = value;
        }
        return new LogRow(e.Timestamp, LevelOf(e.Level), ComponentOf(e), MessageOf(e), cameraId, eventId, requestId, detectionId, durationMs,
            ExtraOf(extra, e.Exception), LogSources.Backend);
    }

    private static string LevelOf(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARNING",
        LogEventLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    /// <summary>
    /// The category's short name: <c>Hsi.Api.Ingest.CameraResolver</c> → <c>CameraResolver</c>, generic
    /// arguments left out; an endpoint (every one is a class named <c>Endpoint</c>) is named by its area
    /// and use case: <c>Hsi.Api.Features.Cameras.Create.Endpoint</c> → <c>Cameras.Create</c>.
    /// </summary>
    private static string ComponentOf(LogEvent e)
    {
        if (Scalar(e.Properties.GetValueOrDefault(Constants.SourceContextPropertyName)) is not string category || category.Length == 0) return "app";
        var segments = category.Split('<', '`')[0].Split('.', StringSplitOptions.RemoveEmptyEntries);
        var name = segments switch
        {
            [.., var area, var useCase, "Endpoint"] => $"{area}.{useCase}",
            [.., var last] => last,
            [] => category,
        };
        return LogRow.Cut(name, LogRow.ComponentMax);
    }

    /// <summary>The message as the console shows it: values in place, strings without Serilog's quotes.</summary>
    private static string MessageOf(LogEvent e)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in e.MessageTemplate.Tokens)
        {
            if (token is PropertyToken p && e.Properties.TryGetValue(p.PropertyName, out var v) && v is ScalarValue { Value: string s }) text.Write(s);
            else token.Render(e.Properties, text, CultureInfo.InvariantCulture);
            if (text.GetStringBuilder().Length > LogRow.MessageMax) break;
        }
        return LogRow.Cut(text.ToString(), LogRow.MessageMax);
    }

    /// <summary>
    /// The other properties (and the exception) as one JSON object of at most <see cref="LogRow.ExtraMax"/>
    /// characters: a value too long is kept as its text, cut; properties past the bound are left out.
    /// </summary>
    private static string? ExtraOf(Dictionary<string, LogEventPropertyValue> properties, Exception? exception)
    {
        if (exception is not null) properties["exception"] = new ScalarValue(LogRow.Cut(exception.ToString(), ExceptionMax));
        if (properties.Count == 0) return null;
        var json = new StringBuilder("{");
        var formatter = new JsonValueFormatter(typeTagName: null);
        foreach (var (name, value) in properties)
        {
            var rendered = new StringWriter(CultureInfo.InvariantCulture);
            formatter.Format(value, rendered);
            var valueJson = rendered.ToString();
            if (valueJson.Length > ValueMax && name != "exception")
            {
                var cut = new StringWriter(CultureInfo.InvariantCulture);
                JsonValueFormatter.WriteQuotedJsonString(LogRow.Cut(valueJson, ValueMax), cut);
                valueJson = cut.ToString();
            }
            var member = new StringWriter(CultureInfo.InvariantCulture);
            JsonValueFormatter.WriteQuotedJsonString(name, member);
            member.Write(':');
            member.Write(valueJson);
            if (json.Length + member.GetStringBuilder().Length + 2 > LogRow.ExtraMax) continue;
            if (json.Length > 1) json.Append(',');
            json.Append(member.GetStringBuilder());
        }
        return json.Length > 1 ? json.Append('}').ToString() : null;
    }

    private static object? Scalar(LogEventPropertyValue? value) => value is ScalarValue { Value: { } v } ? v : null;

    private static long? Whole(LogEventPropertyValue value) => Scalar(value) switch
    {
        long l => l,
        int i => i,
        short s => s,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static int? Milliseconds(LogEventPropertyValue value) => Scalar(value) switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        double d when double.IsFinite(d) && Math.Abs(d) < int.MaxValue => (int)Math.Round(d),
        float f when float.IsFinite(f) && Math.Abs(f) < int.MaxValue => (int)Math.Round(f),
        decimal m when Math.Abs(m) < int.MaxValue => (int)Math.Round(m),
        TimeSpan t when Math.Abs(t.TotalMilliseconds) < int.MaxValue => (int)Math.Round(t.TotalMilliseconds),
        _ => null,
    };
}

/// <summary>
/// Log lines on their way to the log table: counted in as they are admitted and out as they are
/// written or dropped, so at most LOG_DB_QUEUE_LIMIT wait. While the database is down or slow a
/// line that finds the queue full is dropped and counted in <c>hsi_log_lines_dropped_total</c>, as
/// are the batches and queued lines that Serilog gives up on; memory never grows with an outage.
/// </summary>
public sealed class LogTableBacklog(int limit) : ILoggingFailureListener
{
    private static readonly Counter Dropped = Metrics.CreateCounter(
        "hsi_log_lines_dropped_total", "Application log lines that never reached the log table (its queue full, or the database down past the retries).");

    private int _waiting;

    public int Limit => limit;

    /// <summary>Lines admitted and neither written nor dropped yet.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    internal static double DroppedTotal => Dropped.Value;

    public bool TryAdmit()
    {
        if (Interlocked.Increment(ref _waiting) <= limit) return true;
        Interlocked.Decrement(ref _waiting);
        Dropped.Inc();
        return false;
    }

    public void Written(int count) => Interlocked.Add(ref _waiting, -count);

    public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
    {
        // A temporary failure is retried with the same lines; only a permanent or final one loses them.
        if (kind == LoggingFailureKind.Temporary || events is not { Count: > 0 }) return;
        Interlocked.Add(ref _waiting, -events.Count);
        Dropped.Inc(events.Count);
        SelfLog.WriteLine("Log table: {0} log lines dropped ({1}): {2}", events.Count, message, exception?.Message);
    }

    /// <summary>In front of Serilog's batching sink: a line is queued only when the backlog admits it.</summary>
    public sealed class Admission(ILogEventSink batching, LogTableBacklog backlog) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            if (backlog.TryAdmit()) batching.Emit(logEvent);
        }
    }
}
