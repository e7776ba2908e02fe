namespace Hsi.Inference.Handlers;

/// <summary>How clips are sampled (VIDEO_SAMPLE_FPS, VIDEO_MAX_FRAMES) and how long media waits for a missing model.</summary>
public sealed record AnalysisSettings(double VideoSampleFps = 1, int VideoMaxFrames = 60, double ModelWaitSeconds = 15);
