using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hsi.Bench;
using Hsi.Inference.Detection;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

// ops/bench detect: (a) raw ONNX Runtime inference throughput on the fixtures with the
// detector's own session options, (b) the whole pipeline over N distinct images dropped into
// camera folders of a running API, until every detection is visible through GET.
return args switch
{
    ["raw", var model, var images, var seconds] => Raw(model, images, double.Parse(seconds, CultureInfo.InvariantCulture)),
    ["make-images", var images, var output, var count] => MakeImages(images, output, int.Parse(count, CultureInfo.InvariantCulture)),
    ["latency", var staged, var cameraRoot, var api, var count] =>
        await Latency(staged, cameraRoot, api, int.Parse(count, CultureInfo.InvariantCulture)),
    ["pipeline", var staged, var cameraRoot, var api, var count, var apiPid] =>
        await Pipeline(staged, cameraRoot, api, int.Parse(count, CultureInfo.InvariantCulture), int.Parse(apiPid, CultureInfo.InvariantCulture)),
    ["scale-drop", var staged, var cameraRoot, var connection, var database, var warmUp, var nodes] =>
        await ScaleBench.RunAsync(staged, cameraRoot, connection, database, int.Parse(warmUp, CultureInfo.InvariantCulture), nodes),
    ["seed-events", var database, var count] => await Hsi.Bench.RebuildBench.SeedAsync(database, long.Parse(count, CultureInfo.InvariantCulture)),
    ["read-events", var database] => await Hsi.Bench.RebuildBench.ReadAsync(database),
    ["events-direct", var url, var database] => await DirectEventList.ServeAsync(url, database),
    ["analytics-seed", var database, var count] => await AnalyticsBench.SeedAsync(database, long.Parse(count, CultureInfo.InvariantCulture)),
    ["analytics-measure", var api, var direct, var database, var samples] =>
        await AnalyticsBench.MeasureAsync(api, direct, database, int.Parse(samples, CultureInfo.InvariantCulture)),
    ["enrich", var enrichmentDir, var model, var fixtures, var repeats] =>
        Hsi.Bench.EnrichBench.Run(enrichmentDir, model, fixtures, int.Parse(repeats, CultureInfo.InvariantCulture)),
    ["scale-watch", var url, var outFile] => await ScaleWatch.RunAsync(url, outFile),
    ["screen", var staged, var cameraRoot, var api, var count] =>
        await ScreenLatency.RunAsync(staged, cameraRoot, api, int.Parse(count, CultureInfo.InvariantCulture)),
    ["reid-match", var counts] => ReidMatchBench.Run(counts.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: raw MODEL IMAGES_DIR SECONDS | make-images IMAGES_DIR OUT_DIR COUNT | pipeline STAGED_DIR CAMERA_ROOT API_URL COUNT API_PID"
        + " | latency STAGED_DIR CAMERA_ROOT API_URL COUNT | scale-drop STAGED_DIR CAMERA_ROOT NPGSQL_CONNECTION DATABASE WARM_UP NAME=PID[,NAME=PID...]"
        + " | seed-events NPGSQL_CONNECTION COUNT | read-events NPGSQL_CONNECTION"
        + " | enrich ENRICHMENT_MODEL_DIR DETECTOR_MODEL FIXTURES_DIR REPEATS"
        + " | events-direct URL DATABASE_URL | analytics-seed NPGSQL_CONNECTION COUNT | analytics-measure API_URL DIRECT_URL NPGSQL_CONNECTION SAMPLES"
        + " | reid-match COUNT[,COUNT...] | scale-watch WS_EVENTS_URL OUT_JSON | screen STAGED_DIR CAMERA_ROOT API_URL COUNT");
    return 2;
}

static int Raw(string modelPath, string imagesDir, double seconds)
{
    const float DefaultThreshold = 0.5f; // DETECTION_CONFIDENCE_THRESHOLD's default: what the API runs with unless told otherwise
    using var detector = new OnnxDetector(new DetectorOptions(modelPath, Device: DetectorDevice.Cpu));
    var (options, provider) = OnnxDetector.CreateSessionOptions(DetectorDevice.Cpu);
    using var session = new InferenceSession(modelPath, options);
    var (w, h) = (detector.Model.InputWidth, detector.Model.InputHeight);
    var prep = Preprocessing.For(detector.Model.Family);

    var files = Directory.GetFiles(imagesDir, "*.jpg").Order().ToArray();
    var tensors = files.Select(f =>
    {
        using var bitmap = ImageDecoding.Decode(File.ReadAllBytes(f), ImageDecoding.DefaultMaxPixels);
        var chw = new float[3 * w * h];
        Letterbox.Fill(bitmap, w, h, prep, chw);
        return chw;
    }).ToArray();
    var input = session.InputMetadata.Keys.Single();
    var output = session.OutputMetadata.Keys.First();

    // As many runs at once as the pipeline's analysis queue allows (one per core).
    var workers = Environment.ProcessorCount;
    double Measure(Action<int> step)
    {
        for (var i = 0; i < 5; i++) step(i);
        var watch = Stopwatch.StartNew();
        var n = 0;
        Parallel.For(0, workers, _ =>
        {
            while (watch.Elapsed.TotalSeconds < seconds) step(Interlocked.Increment(ref n));
        });
        return n / watch.Elapsed.TotalSeconds;
    }

    var raw = Measure(i =>
    {
        var chw = tensors[i % tensors.Length];
        using var value = OrtValue.CreateTensorValueFromMemory(chw, [1, 3, h, w]);
        using var run = new RunOptions();
        using var results = session.Run(run, [input], [value], [output]);
    });
    var encoded = files.Select(File.ReadAllBytes).ToArray();
    var endToEnd = Measure(i => detector.Detect(encoded[i % encoded.Length], DefaultThreshold));

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        provider,
        model = detector.Model.Name,
        parallel_runs = workers,
        images = files.Length,
        raw_inference_images_per_s = Math.Round(raw, 1),
        decode_letterbox_infer_nms_images_per_s = Math.Round(endToEnd, 1),
    }));
    return 0;
}

// Distinct files (one pixel and the JPEG quality vary, as cameras' pictures do) so SHA-256
// de-duplication keeps them all: a JPEG comment with the number makes sure of it, as two such
// pixel changes can encode alike (bench_00291 and bench_01571 did).
static int MakeImages(string imagesDir, string outDir, int count)
{
    Directory.CreateDirectory(outDir);
    var sources = Directory.GetFiles(imagesDir, "*.jpg").Order().Select(f => SKBitmap.Decode(f)).ToArray();
    for (var i = 0; i < count; i++)
    {
        using var copy = sources[i % sources.Length].Copy();
        copy.SetPixel(i % copy.Width, (i / copy.Width) % copy.Height, new SKColor((byte)(i * 7), (byte)(i * 13), (byte)(i * 29)));
        using var data = copy.Encode(SKEncodedImageFormat.Jpeg, 90 + i % 5);
        var jpeg = data.ToArray();
        var comment = System.Text.Encoding.ASCII.GetBytes($"hsi bench image {i}");
        byte[] segment = [0xFF, 0xFE, (byte)((comment.Length + 2) >> 8), (byte)(comment.Length + 2), .. comment];
        File.WriteAllBytes(Path.Combine(outDir, $"bench_{i:D5}.jpg"), [.. jpeg[..2], .. segment, .. jpeg[2..]]); // after SOI
    }
    Console.WriteLine($"made {count} images in {outDir}");
    return 0;
}

// Drops the images in slices of 1,000 (one slice when N <= 1,000), each only once the last one is
// listed, and reports per slice the throughput, the CPU time of the API and of its PostgreSQL
// backends, and the API's RSS after it.
static async Task<int> Pipeline(string stagedDir, string cameraRoot, string api, int count, int apiPid)
{
    using var http = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromSeconds(30) };
    const int WarmUpImages = 200; // ops/bench makes this many more
    var staged = Directory.GetFiles(stagedDir, "*.jpg").Order().ToArray();
    var (warmUp, files) = (staged.Take(WarmUpImages).ToArray(), staged.Skip(WarmUpImages).Take(count).ToArray());
    const int cameras = 4;
    const int sliceSize = 1000;
    for (var c = 0; c < cameras; c++) Directory.CreateDirectory(Path.Combine(cameraRoot, $"bench_cam_{c}"));
    await Task.Delay(2000); // let the watcher register the folders before the burst

    // Not measured: the first messages of each kind compile their handlers (Roslyn, then the JIT).
    var start = await MetricsAsync(http);
    foreach (var file in warmUp) File.Move(file, Path.Combine(cameraRoot, "bench_cam_0", Path.GetFileName(file)));
    while (Processed(await MetricsAsync(http)) - Processed(start) < warmUp.Length) await Task.Delay(100);
    await EnrichmentSettledAsync(http);
    await Task.Delay(1000);

    // ops/bench starts its profiler here, so the profile covers the measured images only.
    if (Environment.GetEnvironmentVariable("BENCH_MEASURING_MARKER") is { Length: > 0 } marker) await File.WriteAllTextAsync(marker, "");
    using var backends = new ProcessCpu.BackendSampler("hsi_bench");
    var first = await MetricsAsync(http);
    var (apiStart, pgStart) = (ProcessCpu.Seconds(apiPid), backends.Seconds());
    var watch = Stopwatch.StartNew();
    var slices = new List<object>();
    var now = first;
    var dropSeconds = 0.0;
    for (var offset = 0; offset < files.Length; offset += sliceSize)
    {
        var slice = files.Skip(offset).Take(sliceSize).ToArray();
        var (before, sliceWatch) = (now, Stopwatch.StartNew());
        var (apiBefore, pgBefore) = (ProcessCpu.Seconds(apiPid), backends.Seconds());
        for (var i = 0; i < slice.Length; i++)
            File.Move(slice[i], Path.Combine(cameraRoot, $"bench_cam_{(offset + i) % cameras}", Path.GetFileName(slice[i])));
        dropSeconds += sliceWatch.Elapsed.TotalSeconds;
        while (true)
        {
            now = await MetricsAsync(http);
            var done = Processed(now) - Processed(before);
            if (done >= slice.Length) break;
            if (sliceWatch.Elapsed > TimeSpan.FromMinutes(10)) { Console.Error.WriteLine($"timed out with {done} of {slice.Length}"); return 1; }
            // Each look at /metrics costs the API ~5 ms of CPU: look seldom while most images are still
            // to come (at the rate so far), every 100 ms near the end, where it sets the measured time.
            var left = slice.Length - done;
            var rate = done / Math.Max(sliceWatch.Elapsed.TotalSeconds, 0.1);
            var wait = done == 0 ? 1000 : Math.Clamp(left / rate * 1000 * 0.5, 100, 2000);
            await Task.Delay(TimeSpan.FromMilliseconds(wait));
        }
        // Inline projections: once MediaAnalyzed is committed, GET already shows its detections.
        await http.GetFromJsonAsync<JsonElement>("/api/detections?limit=1");
        // With the enrichment stage on, the slice is done once its files are enriched too.
        now = await EnrichmentSettledAsync(http);
        var seconds = sliceWatch.Elapsed.TotalSeconds;
        slices.Add(new
        {
            images = slice.Length,
            images_per_s = Math.Round(slice.Length / seconds, 1),
            api_cpu_ms_per_image = Math.Round((ProcessCpu.Seconds(apiPid) - apiBefore) * 1000 / slice.Length, 2),
            postgres_cpu_ms_per_image = Math.Round((backends.Seconds() - pgBefore) * 1000 / slice.Length, 2),
            api_rss_mb_after = Math.Round(ProcessCpu.RssBytes(apiPid) / 1048576.0, 1),
        });
    }
    var listed = await http.GetFromJsonAsync<JsonElement>("/api/detections?limit=1");
    var elapsed = watch.Elapsed.TotalSeconds;
    var (apiCpu, pgCpu) = (ProcessCpu.Seconds(apiPid) - apiStart, backends.Seconds() - pgStart);

    double Delta(string name) => Get(now, name) - Get(first, name);
    var analyses = Delta("hsi_stage_duration_seconds_count{stage=\"analysis_total\"}");
    double PerImageMs(string stage) => analyses == 0 ? 0 : Delta($"hsi_stage_duration_seconds_sum{{stage=\"{stage}\"}}") / analyses * 1000;
    double CpuMs(string stage) => Delta($"hsi_detector_cpu_seconds_total{{stage=\"{stage}\"}}") * 1000 / files.Length;
    double PerImage(double seconds) => Math.Round(seconds * 1000 / files.Length, 2);
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        images = files.Length,
        warm_up_images = warmUp.Length,
        drop_seconds = Math.Round(dropSeconds, 2),
        wall_seconds = Math.Round(elapsed, 2),
        pipeline_images_per_s = Math.Round(files.Length / elapsed, 1),
        detections_visible = listed.GetProperty("pagination").GetProperty("total").GetInt32(),
        per_image_ms = new
        {
            decode_and_letterbox = Math.Round(PerImageMs("decode"), 2),
            inference = Math.Round(PerImageMs("inference"), 2),
            postprocess = Math.Round(PerImageMs("postprocess"), 2),
            analysis_total = Math.Round(PerImageMs("analysis_total"), 2),
        },
        cpu_ms_per_image = new
        {
            api = PerImage(apiCpu),
            postgres_backends = PerImage(pgCpu),
            api_model_run = Math.Round(CpuMs("inference"), 2),
            api_decode_and_letterbox = Math.Round(CpuMs("decode"), 2),
            api_postprocess = Math.Round(CpuMs("postprocess"), 2),
            // Everything but the model run itself, as the issue counts it: decode, hashing, Redis, envelopes, appends, projections, PostgreSQL.
            non_inference = Math.Round(PerImage(apiCpu + pgCpu) - CpuMs("inference"), 2),
        },
        slices,
        enrichment = await EnrichmentFiguresAsync(http, Delta("hsi_stage_duration_seconds_count{stage=\"enrichment\"}"),
            Delta("hsi_stage_duration_seconds_sum{stage=\"enrichment\"}"), files.Length),
    }));
    return 0;
}

// The enrichment stage's files enriched so far: once it stops growing for 1.5 s, the queue is drained
// (with the stage off it never grows, and this returns after 1.5 s).
static async Task<Dictionary<string, double>> EnrichmentSettledAsync(HttpClient http)
{
    const string Enriched = "hsi_stage_duration_seconds_count{stage=\"enrichment\"}";
    var metrics = await MetricsAsync(http);
    var (last, since) = (Get(metrics, Enriched), Stopwatch.StartNew());
    while (since.Elapsed < TimeSpan.FromSeconds(1.5))
    {
        await Task.Delay(250);
        metrics = await MetricsAsync(http);
        if (Get(metrics, Enriched) != last) (last, since) = (Get(metrics, Enriched), Stopwatch.StartNew());
    }
    return metrics;
}

// What the enrichment stage did over the measured images: files enriched, wall ms per file, and each model's
// inference ms per crop (p50/p95 of its recent runs, from /api/system/models).
static async Task<object> EnrichmentFiguresAsync(HttpClient http, double files, double seconds, int images)
{
    var models = (await http.GetFromJsonAsync<JsonElement>("/api/system/models")).GetProperty("items").EnumerateArray()
        .Where(m => m.GetProperty("status").GetString() == "loaded")
        .Select(m => new
        {
            name = m.GetProperty("name").GetString(),
            p50_ms_per_crop = m.GetProperty("inference_p50_ms").ValueKind == JsonValueKind.Number ? m.GetProperty("inference_p50_ms").GetDouble() : (double?)null,
            p95_ms_per_crop = m.GetProperty("inference_p95_ms").ValueKind == JsonValueKind.Number ? m.GetProperty("inference_p95_ms").GetDouble() : (double?)null,
            runs = m.GetProperty("inference_count").GetInt64(),
        })
        .ToList();
    return new
    {
        files_enriched = files,
        files_enriched_per_image = Math.Round(files / images, 3),
        stage_ms_per_file = files == 0 ? 0 : Math.Round(seconds / files * 1000, 2),
        models,
    };
}

// On an idle system: one image dropped at a time, from its rename into the camera folder until
// GET /api/detections lists its detections, COUNT times with a pause between.
static async Task<int> Latency(string stagedDir, string cameraRoot, string api, int count)
{
    using var http = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromSeconds(30) };
    var folder = Path.Combine(cameraRoot, "bench_latency");
    Directory.CreateDirectory(folder);
    await Task.Delay(2000);
    var seconds = new List<double>();
    foreach (var file in Directory.GetFiles(stagedDir, "*.jpg").Order().Take(count))
    {
        var before = await TotalAsync(http);
        var watch = Stopwatch.StartNew();
        File.Move(file, Path.Combine(folder, Path.GetFileName(file)));
        while (await TotalAsync(http) == before)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) { Console.Error.WriteLine("no detections within 30 s"); return 1; }
            await Task.Delay(10);
        }
        seconds.Add(watch.Elapsed.TotalSeconds);
        await Task.Delay(2000);
    }
    seconds.Sort();
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        drops = seconds.Count,
        drop_to_get_seconds_median = Math.Round(seconds[seconds.Count / 2], 3),
        drop_to_get_seconds_max = Math.Round(seconds[^1], 3),
    }));
    return 0;
}

static async Task<int> TotalAsync(HttpClient http) =>
    (await http.GetFromJsonAsync<JsonElement>("/api/detections?limit=1")).GetProperty("pagination").GetProperty("total").GetInt32();

static double Processed(Dictionary<string, double> metrics) =>
    Get(metrics, "hsi_media_processed_total{outcome=\"analyzed\"}") + Get(metrics, "hsi_media_processed_total{outcome=\"rejected\"}");

static async Task<Dictionary<string, double>> MetricsAsync(HttpClient http)
{
    var text = await http.GetStringAsync("/metrics");
    var result = new Dictionary<string, double>();
    foreach (Match m in Regex.Matches(text, @"^(hsi_[^\s]+)\s+([0-9.eE+-]+)$", RegexOptions.Multiline))
        result[m.Groups[1].Value] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
    return result;
}

static double Get(Dictionary<string, double> metrics, string name) => metrics.GetValueOrDefault(name);
