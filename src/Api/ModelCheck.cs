using Hsi.Inference.Detection;

namespace Hsi.Api;

/// <summary><c>Hsi.Api check-model PATH [FAMILY] [INPUT]</c>: loads a model and checks its input and output, for ops/fetch-model.</summary>
public static class ModelCheck
{
    public static int Run(string path, string? family, string? inputSize)
    {
        try
        {
            using var detector = new OnnxDetector(new DetectorOptions(path, Device: DetectorDevice.Cpu));
            var m = detector.Model;
            Console.WriteLine($"[check-model] {m.Name}: {m.Family.ToString().ToLowerInvariant()}, input {m.InputWidth}x{m.InputHeight}, version {m.Version}");
            if (family is not null && ModelFamilies.Parse(family) is { } wanted && wanted != m.Family)
                return Fail($"expected a {family} model, found {m.Family}");
            if (inputSize is not null && $"{m.InputWidth}" != inputSize)
                return Fail($"expected a {inputSize}x{inputSize} input, found {m.InputWidth}x{m.InputHeight}");
            return 0;
        }
        catch (Exception ex)
        {
            return Fail(ex.Message);
        }
    }

    private static int Fail(string reason)
    {
        Console.Error.WriteLine($"[check-model] refused: {reason}");
        return 1;
    }
}
