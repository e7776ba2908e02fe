using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hsi.Inference.Media;

/// <summary>Why a camera file was not opened.</summary>
public enum CameraFileProblem { Missing, OutsideRoot, NotRegular, TooLarge, UndecodableName, Unreadable }

public sealed class CameraFileRefusedException(CameraFileProblem problem, string message) : IOException(message)
{
    public CameraFileProblem Problem { get; } = problem;
}

/// <summary>
/// The one way to open a file under CAMERA_ROOT, which cameras write to (CONVENTIONS.md: untrusted).
/// The path is first opened with O_PATH, which follows links but opens nothing: a FIFO does not
/// block, a device is not opened. Where that descriptor really leads (/proc/self/fd) must be under
/// the real root, and it must be a regular file no larger than MAX_MEDIA_MB; only then is that same
/// inode reopened for reading through /proc/self/fd, so swapping the path for a link after the
/// checks changes nothing. Links that stay inside the root are followed. Linux only.
/// </summary>
public sealed partial class CameraFileAccess(string root, long maxBytes)
{
    private const int ReadOnly = 0, NoControllingTerminal = 0x100, CloseOnExec = 0x80000, PathOnly = 0x200000;
    private const int EmptyPath = 0x1000;
    private const uint WantType = 0x1, WantSize = 0x200;
    private const int TypeMask = 0xF000, RegularFile = 0x8000;
    private const int NoEntry = 2, Denied = 13, NotDirectory = 20, LinkLoop = 40;

    public string Root { get; } = Path.TrimEndingDirectorySeparator(root);

    /// <summary>Opens <paramref name="path"/> for reading, or throws <see cref="CameraFileRefusedException"/> saying why not.</summary>
    public CameraFile Open(string path)
    {
        var located = NativeOpen(path, PathOnly | CloseOnExec);
        if (located < 0) throw Refusal(Marshal.GetLastPInvokeError(), path);
        try
        {
            var realRoot = RealPath(Root)
                ?? throw new CameraFileRefusedException(CameraFileProblem.Missing, "CAMERA_ROOT does not exist");
            var real = DescriptorTarget(located);
            if (real is null || !real.StartsWith(realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new CameraFileRefusedException(CameraFileProblem.OutsideRoot, "file leads outside CAMERA_ROOT (a symbolic link?)");
            var (mode, size) = Stat(located);
            if ((mode & TypeMask) != RegularFile)
                throw new CameraFileRefusedException(CameraFileProblem.NotRegular, $"not a regular file ({KindOf(mode)})");
            if (size > maxBytes)
                throw new CameraFileRefusedException(CameraFileProblem.TooLarge,
                    $"file is {size / 1048576.0:F1} MB, over MAX_MEDIA_MB={maxBytes / 1048576.0:0.##}");

            var readable = NativeOpen($"/proc/self/fd/{located}", ReadOnly | CloseOnExec | NoControllingTerminal);
            if (readable < 0) throw Refusal(Marshal.GetLastPInvokeError(), path);
            return new CameraFile(new SafeFileHandle(readable, ownsHandle: true), real, size);
        }
        finally
        {
            _ = NativeClose(located);
        }
    }

    /// <summary>The path with every link resolved, or null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var fd = NativeOpen(path, PathOnly | CloseOnExec);
        if (fd < 0) return null;
        try { return DescriptorTarget(fd); }
        finally { _ = NativeClose(fd); }
    }

    private static string? DescriptorTarget(int fd) => new FileInfo($"/proc/self/fd/{fd}").LinkTarget;

    /// <summary>statx: its layout is the same on every architecture (mode at byte 28, size at 40).</summary>
    private static (int Mode, long Size) Stat(int fd)
    {
        var buffer = new byte[256];
        if (NativeStatx(fd, "", EmptyPath, WantType | WantSize, buffer) != 0)
            throw new IOException($"statx failed (errno {Marshal.GetLastPInvokeError()})");
        return (BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28)), BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(40)));
    }

    private static string KindOf(int mode) => (mode & TypeMask) switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "a special file",
    };

    private static Exception Refusal(int errno, string path) => errno switch
    {
        // .NET turns bytes that are not UTF-8 into U+FFFD, so such a name does not round-trip.
        NoEntry or NotDirectory when path.Contains('\uFFFD') =>
            new CameraFileRefusedException(CameraFileProblem.UndecodableName, "file name is not valid UTF-8; rename it"),
        NoEntry or NotDirectory => new CameraFileRefusedException(CameraFileProblem.Missing, "file no longer exists"),
        LinkLoop => new CameraFileRefusedException(CameraFileProblem.Unreadable, "file is a loop of symbolic links"),
        Denied => new CameraFileRefusedException(CameraFileProblem.Unreadable, "permission denied"),
        _ => new IOException($"could not open {path} (errno {errno})"),
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int NativeClose(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeStatx(int dirFd, string path, int flags, uint mask, [Out] byte[] buffer);
}

/// <summary>A camera file that passed <see cref="CameraFileAccess"/>'s checks, open for reading.</summary>
public sealed class CameraFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    internal CameraFile(SafeFileHandle handle, string realPath, long length)
    {
        _handle = handle;
        RealPath = realPath;
        Length = length;
        Stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
    }

    /// <summary>Where the file really is, links resolved.</summary>
    public string RealPath { get; }

    /// <summary>The size of the file opened (not of a link to it), when it was opened.</summary>
    public long Length { get; }

    public FileStream Stream { get; }

    /// <summary>
    /// This very file for a child process such as ffmpeg, whatever happens to its path meanwhile;
    /// valid until disposed.
    /// </summary>
    public string DescriptorPath => $"/proc/{Environment.ProcessId}/fd/{_handle.DangerousGetHandle()}";

    /// <summary>The content, at most <see cref="Length"/> bytes (a file still growing is cut there).</summary>
    public async Task<byte[]> ReadAllBytesAsync(CancellationToken ct)
    {
        var bytes = new byte[Length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = await RandomAccess.ReadAsync(_handle, bytes.AsMemory(read), read, ct);
            if (n == 0) return bytes[..read];
            read += n;
        }
        return bytes;
    }

    /// <summary>As <see cref="ReadAllBytesAsync"/>, into a pooled buffer.</summary>
    public async Task<PooledBytes> ReadPooledAsync(CancellationToken ct)
    {
        var bytes = PooledBytes.Rent(Length);
        try
        {
            while (bytes.Length < Length)
            {
                var n = await RandomAccess.ReadAsync(_handle, bytes.Free[..(int)(Length - bytes.Length)], bytes.Length, ct);
                if (n == 0) break;
                bytes.Advance(n);
            }
            return bytes;
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Stream.Dispose();
        _handle.Dispose();
    }
}
