namespace Hsi.Inference.Detection;

public enum ModelFamily { Yolox, YoloV8, RtDetr }

public enum Placement
{
    /// <summary>Scale keeping aspect, image at the top-left, pad the rest (YOLOX).</summary>
    TopLeft,
    /// <summary>Scale keeping aspect, image centred, pad both sides (Ultralytics YOLO).</summary>
    Center,
    /// <summary>Stretch to the input size (Ultralytics RT-DETR).</summary>
    Stretch,
}

/// <summary>How a family wants its input tensor laid out.</summary>
public sealed record Preprocessing(Placement Placement, bool Bgr, float Scale, byte PadValue = 114)
{
    public static Preprocessing For(ModelFamily family) => family switch
    {
        ModelFamily.Yolox => new(Placement.TopLeft, Bgr: true, Scale: 1f),
        ModelFamily.YoloV8 => new(Placement.Center, Bgr: false, Scale: 1f / 255f),
        ModelFamily.RtDetr => new(Placement.Stretch, Bgr: false, Scale: 1f / 255f),
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };
}

public static class ModelFamilies
{
    public static ModelFamily? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "yolox" => ModelFamily.Yolox,
        "yolov8" or "yolo11" or "yolo" or "ultralytics" => ModelFamily.YoloV8,
        "rtdetr" or "rt-detr" => ModelFamily.RtDetr,
        _ => throw new ArgumentException($"DETECTOR_MODEL_FAMILY '{value}' is not one of auto, yolox, yolov8, rtdetr"),
    };

    /// <summary>Recognises the family from the output shape: [1,N,85] YOLOX, [1,84,N] YOLOv8/11, [1,300,84] RT-DETR.</summary>
    public static ModelFamily FromOutputShape(IReadOnlyList<long> shape)
    {
        if (shape.Count == 3)
        {
            var (a, b) = (shape[1], shape[2]);
            if (b == 85) return ModelFamily.Yolox;
            if (a == 84 && b != 84) return ModelFamily.YoloV8;
            if (b == 84) return ModelFamily.RtDetr;
        }
        throw new NotSupportedException(
            $"Cannot recognise the model family from output shape [{string.Join(", ", shape)}]; set DETECTOR_MODEL_FAMILY");
    }
}
