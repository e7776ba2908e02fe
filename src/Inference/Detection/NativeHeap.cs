using System.Runtime.InteropServices;

namespace Hsi.Inference.Detection;

/// <summary>
/// Gives freed native memory back to the OS. A disposed ONNX Runtime session frees its weights and
/// arenas with free(), but glibc keeps most of those pages for later mallocs, so a process that
/// loaded a model once for a job stays that much larger (each replay with another model kept ~25 MB more RSS).
/// </summary>
public static partial class NativeHeap
{
    /// <summary>Collects (so that finalizers free what managed wrappers still hold), then malloc_trim(0). Linux with glibc only; elsewhere a no-op.</summary>
    public static void Trim()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (EntryPointNotFoundException)
        {
            // musl (Alpine) has no malloc_trim; its free() returns large blocks by itself.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
