namespace Hsi.Inference.Detection;

/// <summary>Greedy per-class non-maximum suppression.</summary>
public static class Nms
{
    public const float DefaultIoU = 0.45f;

    public static List<Candidate> PerClass(List<Candidate> candidates, float iouThreshold = DefaultIoU)
    {
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<Candidate>();
        foreach (var c in candidates)
        {
            var suppressed = false;
            foreach (var k in kept)
            {
                if (k.ClassId == c.ClassId && k.IoU(c) > iouThreshold)
                {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) kept.Add(c);
        }
        return kept;
    }
}
