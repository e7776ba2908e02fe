using Hsi.Inference.Detection;

namespace Hsi.Inference.Tests.Detection;

/// <summary>Each family's decoder on hand-built output tensors.</summary>
public class DecoderTests
{
    [Fact]
    public void Yolox_decodes_grid_offsets_strides_and_objectness_times_class()
    {
        const int w = 416, h = 416, rows = 52 * 52 + 26 * 26 + 13 * 13;
        var output = new float[rows * 85];
        // Stride 16 grid cell (gx=3, gy=2): row = 52*52 + 2*26 + 3.
        var row = 52 * 52 + 2 * 26 + 3;
        var r = output.AsSpan(row * 85, 85);
        r[0] = 0.5f; r[1] = 0.25f; r[2] = MathF.Log(4); r[3] = MathF.Log(2); r[4] = 0.9f;
        r[5 + 16] = 0.8f; // dog

        var box = Assert.Single(OutputDecoders.Yolox(output, rows, w, h, 0.5f));

        Assert.Equal(16, box.ClassId);
        Assert.Equal(0.72f, box.Score, 3);
        // cx = (0.5+3)*16 = 56, cy = (0.25+2)*16 = 36, w = 64, h = 32
        Assert.Equal((24f, 20f, 88f, 52f), (box.X1, box.Y1, box.X2, box.Y2));
    }

    [Fact]
    public void Yolox_drops_rows_whose_combined_score_is_under_the_threshold()
    {
        const int rows = 52 * 52 + 26 * 26 + 13 * 13;
        var output = new float[rows * 85];
        output[4] = 0.6f;
        output[5] = 0.6f; // 0.36 < 0.5
        Assert.Empty(OutputDecoders.Yolox(output, rows, 416, 416, 0.5f));
    }

    [Fact]
    public void YoloV8_reads_channel_major_columns_in_input_pixels()
    {
        const int anchors = 8400, channels = 84;
        var output = new float[channels * anchors];
        var i = 1234;
        output[i] = 320; output[anchors + i] = 240; output[2 * anchors + i] = 100; output[3 * anchors + i] = 50;
        output[(4 + 2) * anchors + i] = 0.91f; // car
        output[(4 + 7) * anchors + i] = 0.40f; // truck, lower

        var box = Assert.Single(OutputDecoders.YoloV8(output, channels, anchors, 0.5f));

        Assert.Equal(2, box.ClassId);
        Assert.Equal(0.91f, box.Score);
        Assert.Equal((270f, 215f, 370f, 265f), (box.X1, box.Y1, box.X2, box.Y2));
    }

    [Fact]
    public void RtDetr_scales_normalised_boxes_to_the_input()
    {
        const int queries = 300, width = 84;
        var output = new float[queries * width];
        var q = output.AsSpan(7 * width, width);
        q[0] = 0.5f; q[1] = 0.5f; q[2] = 0.25f; q[3] = 0.5f;
        q[4 + 0] = 0.95f; // person
        var low = output.AsSpan(8 * width, width);
        low[4 + 1] = 0.3f;

        var box = Assert.Single(OutputDecoders.RtDetr(output, queries, width, 640, 640, 0.5f));

        Assert.Equal(0, box.ClassId);
        Assert.Equal((240f, 160f, 400f, 480f), (box.X1, box.Y1, box.X2, box.Y2));
    }

    [Theory]
    [InlineData(new long[] { 1, 3549, 85 }, ModelFamily.Yolox)]
    [InlineData(new long[] { 1, 84, 8400 }, ModelFamily.YoloV8)]
    [InlineData(new long[] { 1, 300, 84 }, ModelFamily.RtDetr)]
    public void Family_is_recognised_from_the_output_shape(long[] shape, ModelFamily expected) =>
        Assert.Equal(expected, ModelFamilies.FromOutputShape(shape));

    [Fact]
    public void An_unknown_shape_asks_for_the_family_setting() =>
        Assert.Contains("DETECTOR_MODEL_FAMILY", Assert.Throws<NotSupportedException>(() => ModelFamilies.FromOutputShape([1, 10])).Message);

    [Fact]
    public void Nms_suppresses_overlaps_within_a_class_only()
    {
        var kept = Nms.PerClass(
        [
            new(0, 0.9f, 0, 0, 100, 100),
            new(0, 0.8f, 5, 5, 105, 105),   // same class, IoU ≈ 0.82: suppressed
            new(16, 0.7f, 5, 5, 105, 105),  // other class: kept
            new(0, 0.6f, 200, 200, 300, 300),
        ]);
        Assert.Equal([0.9f, 0.7f, 0.6f], kept.Select(k => k.Score));
    }

    [Fact]
    public void Letterbox_geometry_maps_input_boxes_back_to_original_pixels()
    {
        var centred = new LetterboxGeometry(0.5f, 0.5f, 0, 80, 1280, 960);
        Assert.Equal((100, 40, 200, 100), centred.ToOriginal(50, 100, 150, 150));
        var clipped = new LetterboxGeometry(1, 1, 0, 0, 100, 100);
        Assert.Equal((0, 0, 100, 100), clipped.ToOriginal(-10, -10, 150, 150));
    }
}
