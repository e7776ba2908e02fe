namespace Hsi.Inference.Detection;

/// <summary>Turns a family's raw output tensor into scored boxes in input pixels (before NMS).</summary>
public static class OutputDecoders
{
    public static List<Candidate> Decode(ModelFamily family, ReadOnlySpan<float> output, IReadOnlyList<long> shape,
        int inputWidth, int inputHeight, float threshold) => family switch
    {
        ModelFamily.Yolox => Yolox(output, (int)shape[1], inputWidth, inputHeight, threshold),
        ModelFamily.YoloV8 => YoloV8(output, (int)shape[1], (int)shape[2], threshold),
        ModelFamily.RtDetr => RtDetr(output, (int)shape[1], (int)shape[2], inputWidth, inputHeight, threshold),
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    /// <summary>
    /// YOLOX: rows are grid cells of strides 8, 16, 32, row-major per stride; per row
    /// tx, ty, tw, th, objectness, 80 class probabilities.
    /// </summary>
    public static List<Candidate> Yolox(ReadOnlySpan<float> output, int rows, int inputWidth, int inputHeight, float threshold)
    {
        const int stride = 85;
        var result = new List<Candidate>();
        var row = 0;
        foreach (var s in (ReadOnlySpan<int>)[8, 16, 32])
        {
            int gw = inputWidth / s, gh = inputHeight / s;
            for (var gy = 0; gy < gh; gy++)
            for (var gx = 0; gx < gw; gx++, row++)
            {
                if (row >= rows) return result;
                var r = output.Slice(row * stride, stride);
                var objectness = r[4];
                if (objectness < threshold) continue;
                var (cls, best) = ArgMax(r[5..]);
                var score = objectness * best;
                if (score < threshold) continue;
                var cx = (r[0] + gx) * s;
                var cy = (r[1] + gy) * s;
                var w = MathF.Exp(r[2]) * s;
                var h = MathF.Exp(r[3]) * s;
                result.Add(new Candidate(cls, score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
            }
        }
        return result;
    }

    /// <summary>Ultralytics YOLOv8/YOLO11: [1, 4+classes, N], columns cx, cy, w, h (input pixels) then class scores.</summary>
    public static List<Candidate> YoloV8(ReadOnlySpan<float> output, int channels, int anchors, float threshold)
    {
        var classes = channels - 4;
        var result = new List<Candidate>();
        for (var i = 0; i < anchors; i++)
        {
            int cls = -1;
            var best = threshold;
            for (var c = 0; c < classes; c++)
            {
                var v = output[(4 + c) * anchors + i];
                if (v >= best) { best = v; cls = c; }
            }
            if (cls < 0) continue;
            var cx = output[i];
            var cy = output[anchors + i];
            var w = output[2 * anchors + i];
            var h = output[3 * anchors + i];
            result.Add(new Candidate(cls, best, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
        }
        return result;
    }

    /// <summary>Ultralytics RT-DETR: [1, queries, 4+classes], normalised cx, cy, w, h then class scores.</summary>
    public static List<Candidate> RtDetr(ReadOnlySpan<float> output, int queries, int width, int inputWidth, int inputHeight, float threshold)
    {
        var result = new List<Candidate>();
        for (var q = 0; q < queries; q++)
        {
            var r = output.Slice(q * width, width);
            var (cls, best) = ArgMax(r[4..]);
            if (best < threshold) continue;
            var cx = r[0] * inputWidth;
            var cy = r[1] * inputHeight;
            var w = r[2] * inputWidth;
            var h = r[3] * inputHeight;
            result.Add(new Candidate(cls, best, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
        }
        return result;
    }

    private static (int Index, float Value) ArgMax(ReadOnlySpan<float> values)
    {
        var index = 0;
        var best = values[0];
        for (var i = 1; i < values.Length; i++)
            if (values[i] > best) { best = values[i]; index = i; }
        return (index, best);
    }
}
