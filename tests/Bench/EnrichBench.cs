using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hsi.Inference.Detection;
using Hsi.Inference.Enrichment;
using SkiaSharp;

namespace Hsi.Bench;

/// <summary>
/// ops/bench enrich: milliseconds per crop of each enrichment model on CPU (one run at a time on the sessions' one
/// intra-op thread: the calling thread's CPU time, and the wall time, which a loaded machine inflates), on the fixture crops each model applies to; then the detector and the
/// whole enricher per picture on the fixture mix (the detector's own objects), and enrichment's CPU as a share of the detector's.
/// </summary>
public static class EnrichBench
{
    private sealed record Sample(string Picture, SKBitmap Bitmap, EnrichmentTarget Target);

    public static int Run(string enrichmentDir, string detectorModel, string fixtures, int repeats)
    {
        using var registry = new EnrichmentModelRegistry(EnrichmentOptions.Default(enrichmentDir, DetectorDevice.Cpu));
        using var detector = new OnnxDetector(new DetectorOptions(detectorModel, Device: DetectorDevice.Cpu));
        var enricher = new OnnxDetectionEnricher(registry);
        SKBitmap Load(string relative) => ImageDecoding.Decode(File.ReadAllBytes(Path.Combine(fixtures, relative)), ImageDecoding.DefaultMaxPixels);

        // The fixture mix: the detector's objects in the detector fixtures and plate_2, and the enrichment pictures as whole crops.
        var mix = new[] { "images/person.jpg", "images/dog.jpg", "enrichment/plates/plate_2.jpg" }.Select(p => (p, Load(p))).ToList();
        var samples = mix.SelectMany(m => detector.Detect(m.Item2, 0.5f).Objects.Select((o, i) =>
            new Sample(m.p, m.Item2, new EnrichmentTarget(i, o.ObjectType, o.X, o.Y, o.Width, o.Height)))).ToList();
        foreach (var (path, type) in new[] { ("enrichment/faces/group_2.jpg", "person"), ("enrichment/faces/group_13.jpg", "person"), ("enrichment/plates/plate_1.jpg", "car") })
        {
            var bitmap = Load(path);
            samples.Add(new Sample(path, bitmap, new EnrichmentTarget(0, type, 0, 0, bitmap.Width, bitmap.Height)));
        }
        foreach (var path in Directory.GetFiles(Path.Combine(fixtures, "enrichment", "reid"), "gallery_*.jpg").Order().Take(8))
        {
            var bitmap = ImageDecoding.Decode(File.ReadAllBytes(path), ImageDecoding.DefaultMaxPixels);
            samples.Add(new Sample(Path.GetFileName(path), bitmap, new EnrichmentTarget(0, "person", 0, 0, bitmap.Width, bitmap.Height)));
        }

        var yunet = new YuNetFaceDetector(registry.Get("yunet")!.Session);
        var lpd = new LicensePlateDetector(registry.Get("lpd_yunet")!.Session);
        var ocr = new PlateTextRecognizer(registry.Get("ppocr_rec")!.Session, registry.Get("ppocr_rec")!.CompanionPath!);
        var classifier = new ImageNetClassifier(registry.Get("mobilenetv2")!.Session, registry.Get("mobilenetv2")!.CompanionPath!);
        var osnet = new OsNetEmbedder(registry.Get("osnet")!.Session);
        bool IsPerson(Sample s) => s.Target.ObjectType == "person";
        bool IsVehicle(Sample s) => VehicleClasses.IsVehicle(s.Target.ObjectType);
        bool IsPet(Sample s) => s.Target.ObjectType is "dog" or "cat";

        var perModel = new List<object>();
        void Time(string model, Func<Sample, bool> applies, Action<SKBitmap> run)
        {
            var times = new List<double>();
            var cpu = new List<double>();
            var crops = 0;
            foreach (var s in samples.Where(applies))
            {
                using var crop = new SKBitmap();
                s.Bitmap.ExtractSubset(crop, SKRectI.Create(s.Target.X, s.Target.Y, s.Target.Width, s.Target.Height));
                run(crop);
                crops++;
                for (var i = 0; i < repeats; i++)
                {
                    var (watch, start) = (Stopwatch.StartNew(), ThreadCpuClock.NowSeconds());
                    run(crop);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    cpu.Add((ThreadCpuClock.NowSeconds() - start) * 1000);
                }
            }
            times.Sort();
            cpu.Sort();
            perModel.Add(new
            {
                model, crops, runs = times.Count,
                cpu_mean_ms = Round(cpu.Average()), cpu_p50_ms = Round(cpu[cpu.Count / 2]), cpu_p95_ms = Round(cpu[(int)(cpu.Count * 0.95)]),
                wall_p50_ms = Round(times[times.Count / 2]), wall_p95_ms = Round(times[(int)(times.Count * 0.95)]),
            });
        }
        Time("yunet", IsPerson, c => yunet.Detect(c));
        Time("lpd_yunet", IsVehicle, c => lpd.Detect(c));
        // The recogniser alone, on the plate regions LPD-YuNet found (the crops are those regions).
        var plateRegions = samples.Where(IsVehicle).SelectMany(s =>
        {
            using var crop = new SKBitmap();
            s.Bitmap.ExtractSubset(crop, SKRectI.Create(s.Target.X, s.Target.Y, s.Target.Width, s.Target.Height));
            return lpd.Detect(crop).Take(1).Select(p =>
            {
                var r = SKRectI.Round(p.Bounds);
                return s with { Target = s.Target with { X = s.Target.X + r.Left, Y = s.Target.Y + r.Top, Width = r.Width, Height = r.Height, ObjectType = "plate" } };
            }).ToList();
        }).ToList();
        samples.AddRange(plateRegions);
        Time("ppocr_rec", s => s.Target.ObjectType == "plate", c => ocr.Read(c));
        Time("mobilenetv2", s => IsPet(s) || IsVehicle(s), c => classifier.Classify(c));
        Time("osnet", IsPerson, c => osnet.Embed(c));
        Time("hsv_histogram", IsVehicle, c => VehicleColour.Of(c));
        Time("laplacian_variance", _ => true, c => ImageQuality.Measure(c));

        // Per picture of the mix: the detector against the enricher on the detector's own objects.
        var pictures = mix.Select(m => (m.Item2, samples.Where(s => s.Picture == m.p && s.Target.ObjectType != "plate").Select(s => s.Target).ToList())).ToList();
        double CpuMs(Action step)
        {
            step();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < repeats; i++) step();
            return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / repeats / pictures.Count;
        }
        var detectMs = CpuMs(() => { foreach (var (bitmap, _) in pictures) detector.Detect(bitmap, 0.5f); });
        var enrichMs = CpuMs(() => { foreach (var (bitmap, targets) in pictures) enricher.Enrich(bitmap, targets); });

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            provider = registry.Get("yunet")!.Provider,
            repeats,
            per_model = perModel,
            mix = string.Join(", ", mix.Select(m => m.p)),
            objects_per_picture = Round(pictures.Sum(p => p.Item2.Count) / (double)pictures.Count),
            load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
            detector_cpu_ms_per_picture = Round(detectMs),
            enrichment_cpu_ms_per_picture = Round(enrichMs),
            enrichment_share_of_detector = Round(enrichMs / detectMs),
        }, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static double Round(double v) => Math.Round(v, 2);
}
