using Prometheus;

namespace Hsi.Inference;

/// <summary>The pipeline's own Prometheus metrics (SPEC.md §3 Metrics), all prefixed <c>hsi_</c>.</summary>
public static class PipelineMetrics
{
    public static readonly Counter DetectionsProcessed = Metrics.CreateCounter(
        "hsi_detections_processed_total", "Detections recorded in the event store.");

    public static readonly Counter DetectionsByClass = Metrics.CreateCounter(
        "hsi_detections_by_class_total", "Detections recorded, by COCO class.", "object_class");

    public static readonly Counter MediaProcessed = Metrics.CreateCounter(
        "hsi_media_processed_total", "Media files analysed or rejected, by outcome.", "outcome");

    public static readonly Histogram StageDuration = Metrics.CreateHistogram(
        "hsi_stage_duration_seconds", "Time spent per pipeline stage.",
        new HistogramConfiguration { LabelNames = ["stage"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });

    public static readonly Counter DetectorCpu = Metrics.CreateCounter(
        "hsi_detector_cpu_seconds_total", "CPU time the detector's threads spent, by stage (decode: decode and letterbox; inference: the model run; postprocess: decode and NMS).", "stage");

    public static readonly Counter PipelineErrors = Metrics.CreateCounter(
        "hsi_pipeline_errors_total", "Pipeline failures, by kind.", "error_type");

    public static readonly Histogram AiRequestDuration = Metrics.CreateHistogram(
        "hsi_ai_request_duration_seconds", "Time a risk analyzer took per event, failures included, by analyzer.",
        new HistogramConfiguration { LabelNames = ["service"], Buckets = Histogram.ExponentialBuckets(0.0001, 4, 12) });

    public static readonly Counter EventsCreated = Metrics.CreateCounter(
        "hsi_events_created_total", "Security events whose risk was decided (they are complete from then on).");

    public static readonly Counter EventsByRiskLevel = Metrics.CreateCounter(
        "hsi_events_by_risk_level_total", "Security events by the risk level decided.", "level");

    public static readonly Counter EventsReviewed = Metrics.CreateCounter(
        "hsi_events_reviewed_total", "Security events marked reviewed.");

    public static readonly Gauge MediaInAnalysis = Metrics.CreateGauge(
        "hsi_media_in_analysis", "Media files the detector is analysing right now on this node.");

    public static readonly Gauge DetectorInfo = Metrics.CreateGauge(
        "hsi_detector_info", "The loaded detector (value 1), with its model, version and execution provider.",
        "model", "version", "family", "provider");

    public static readonly Gauge CircuitBreakerState = Metrics.CreateGauge(
        "hsi_circuit_breaker_state", "A circuit breaker's state on this node: 0 closed, 1 half-open, 2 open, -1 unavailable (nothing to guard).", "name");
}
