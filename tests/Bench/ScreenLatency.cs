using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Hsi.Bench;

/// <summary>
/// ops/bench screen: one picture at a time into an idle API, from the drop to its first
/// <c>detection.new</c> on /ws/detections, as a client sees it. Two writers in the same run:
/// one that closes the file (cp, FTP; taken when the write finishes), and, as the baseline, one
/// that keeps it open until the push arrives (taken after the 0.5 s stability wait, the only
/// path there was before). Each push is split at the detection's <c>detected_at</c>, which is when
/// ingest received the file: drop → received (the watcher's wait) and received → on screen (the
/// analysis batch's gathering, the model, the commit, the daemon, the fan-out).
/// </summary>
public static class ScreenLatency
{
    public static async Task<int> RunAsync(string stagedDir, string cameraRoot, string api, int count)
    {
        var folder = Path.Combine(cameraRoot, "bench_screen");
        Directory.CreateDirectory(folder);
        using var http = new HttpClient { BaseAddress = new Uri(api) };
        await Task.Delay(2000); // the watcher registers the folder as a camera
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(new Uri(api.Replace("http", "ws") + "/ws/detections"), CancellationToken.None);
        var pushes = Channel.CreateUnbounded<(JsonElement Message, long At)>();
        _ = ReceiveAllAsync(ws, pushes.Writer);

        var staged = Directory.GetFiles(stagedDir, "*.jpg").Order().ToArray();
        if (staged.Length < 2 * count + 3) { Console.Error.WriteLine($"need {2 * count + 3} staged images"); return 2; }
        var closing = new List<(double Total, double Push)>();
        var open = new List<(double Total, double Push)>();
        var next = 0;
        // Warm-up: the first pictures compile the handlers and open the connections.
        for (var i = 0; i < 3; i++) await DropAsync(pushes.Reader, staged[next++], folder, keepOpen: false);
        for (var i = 0; i < count; i++)
        {
            closing.Add(await DropAsync(pushes.Reader, staged[next++], folder, keepOpen: false));
            open.Add(await DropAsync(pushes.Reader, staged[next++], folder, keepOpen: true));
        }
        JsonElement? breakdown = null;
        var latency = await http.GetAsync("/api/system/pipeline-latency?window_minutes=10");
        if (latency.IsSuccessStatusCode) breakdown = JsonDocument.Parse(await latency.Content.ReadAsStringAsync()).RootElement;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            drops = count,
            closed_writer = Summary(closing),
            open_writer_baseline = Summary(open),
            p95_ratio = Math.Round(Percentile(open.Select(o => o.Total), 0.95) / Percentile(closing.Select(c => c.Total), 0.95), 2),
            pipeline_latency = breakdown,
        }));
        return 0;
    }

    private static object Summary(List<(double Total, double Push)> samples) => new
    {
        drop_to_screen_ms = new { p50 = Percentile(samples.Select(s => s.Total), 0.5), p95 = Percentile(samples.Select(s => s.Total), 0.95), max = Math.Round(samples.Max(s => s.Total), 1) },
        received_to_screen_ms = new { p50 = Percentile(samples.Select(s => s.Push), 0.5), p95 = Percentile(samples.Select(s => s.Push), 0.95) },
    };

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
    }

    private static async Task<(double Total, double Push)> DropAsync(ChannelReader<(JsonElement Message, long At)> pushes, string source, string folder, bool keepOpen)
    {
        while (pushes.TryRead(out _)) { } // what earlier drops left (their batch closing)
        var target = Path.Combine(folder, Path.GetFileName(source));
        var bytes = await File.ReadAllBytesAsync(source);
        var started = Stopwatch.GetTimestamp();
        var dropped = DateTimeOffset.UtcNow;
        FileStream? writer = null;
        if (keepOpen)
        {
            writer = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            await writer.WriteAsync(bytes);
            await writer.FlushAsync();
        }
        else await File.WriteAllBytesAsync(target, bytes);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var (message, at) = await pushes.ReadAsync(timeout.Token);
                if (message.GetProperty("type").GetString() != "detection.new") continue;
                var data = message.GetProperty("data");
                if (data.GetProperty("file_path").GetString() != target) continue;
                var total = Stopwatch.GetElapsedTime(started, at).TotalMilliseconds;
                var receivedAt = data.GetProperty("detected_at").GetDateTimeOffset();
                return (total, total - (receivedAt - dropped).TotalMilliseconds);
            }
        }
        finally
        {
            if (writer is not null) await writer.DisposeAsync();
            await Task.Delay(2000); // idle again: the batch closes, nothing else is running
        }
    }

    private static async Task ReceiveAllAsync(ClientWebSocket ws, ChannelWriter<(JsonElement, long)> pushes)
    {
        var buffer = new byte[1 << 20];
        using var message = new MemoryStream();
        while (ws.State == WebSocketState.Open)
        {
            var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var at = Stopwatch.GetTimestamp();
            pushes.TryWrite((JsonDocument.Parse(message.ToArray()).RootElement, at));
            message.SetLength(0);
        }
    }
}
