using Hsi.Domain.Scenes;

namespace Hsi.Domain.Tests.Scenes;

public class SsimTests
{
    private const int Side = SceneThumbnail.Side;

    private static byte[] Filled(byte value) => Enumerable.Repeat(value, Side * Side).ToArray();

    private static byte[] Checkerboard(bool inverted) =>
        [.. Enumerable.Range(0, Side * Side).Select(i => ((i / Side + i % Side) % 2 == 0) ^ inverted ? (byte)255 : (byte)0)];

    [Fact]
    public void The_constants_are_those_of_the_paper_for_8_bit_grey()
    {
        Assert.Equal(6.5025, Ssim.C1, 10);
        Assert.Equal(58.5225, Ssim.C2, 10);
    }

    [Fact]
    public void A_picture_is_identical_to_itself()
    {
        var noise = new byte[Side * Side];
        new Random(7).NextBytes(noise);
        Assert.Equal(1.0, Ssim.Compare(noise, noise, Side), 12);
        Assert.Equal(1.0, Ssim.Compare(Filled(0), Filled(0), Side), 12);
    }

    [Fact]
    public void Two_flat_greys_differ_only_in_luminance()
    {
        // No variance in either: (2·100·200 + C1) / (100² + 200² + C1) · (0 + C2) / (0 + C2) in every window.
        var expected = (40_000 + 6.5025) / (50_000 + 6.5025);
        Assert.Equal(0.800026, expected, 6);
        Assert.Equal(expected, Ssim.Compare(Filled(100), Filled(200), Side), 12);
    }

    [Fact]
    public void An_inverted_picture_is_as_dissimilar_as_can_be()
    {
        // Equal means (127.5) and variances (127.5²), covariance −127.5²: (−2·127.5² + C2) / (2·127.5² + C2).
        var expected = (-32_512.5 + 58.5225) / (32_512.5 + 58.5225);
        Assert.Equal(-0.996406, expected, 6);
        Assert.Equal(expected, Ssim.Compare(Checkerboard(false), Checkerboard(true), Side), 12);
        Assert.Equal(0, Ssim.Score(Checkerboard(false), Checkerboard(true), Side));
    }

    [Fact]
    public void A_flattened_region_is_counted_only_where_the_reference_had_detail()
    {
        var reference = Checkerboard(false);
        var halfCovered = (byte[])reference.Clone();
        Array.Fill(halfCovered, (byte)128, 0, Side * Side / 2);
        // Windows are 8 rows tall every 4 rows: rows 0–15 covered holds windows starting at rows 0, 4 and 8 (3 of 7 rows of windows).
        Assert.Equal(3.0 / 7, Ssim.FlattenedShare(reference, halfCovered, Side, SceneThumbnail.FlatStdDev), 12);
        Assert.Equal(0, Ssim.FlattenedShare(Filled(0), Filled(128), Side, SceneThumbnail.FlatStdDev));
    }
}
