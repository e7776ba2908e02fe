using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace Hsi.Api.Ingest;

/// <summary>
/// Tells when a file under the camera root is finished: inotify's IN_CLOSE_WRITE (a writer closed
/// it: cp, FTP servers, File.WriteAllBytes) or IN_MOVED_TO (renamed into place, the way careful
/// uploaders publish a complete file). .NET's FileSystemWatcher does not expose either, and the
/// three system calls are not worth a package, so they are bound here. Every directory under the
/// root is watched, new ones as they appear; symbolic links are never followed.
/// </summary>
public sealed partial class FinishedWrites : IDisposable
{
    private const uint InCloseWrite = 0x00000008, InMovedFrom = 0x00000040, InMovedTo = 0x00000080, InCreate = 0x00000100, InDelete = 0x00000200,
        InIgnored = 0x00008000, InOnlyDir = 0x01000000, InDontFollow = 0x02000000, InIsDir = 0x40000000;
    private const int InNonBlock = 0x800, InCloExec = 0x80000;
    private const short PollIn = 1;
    private const int HeaderBytes = 16;
    private static readonly TimeSpan PollFor = TimeSpan.FromMilliseconds(250);

    private readonly int _fd;
    private readonly Action<string> _onFinished;
    private readonly Action<string> _onGone;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, string> _directories = new();
    private readonly Thread _reader;
    private volatile bool _stopping;

    private FinishedWrites(int fd, string root, Action<string> onFinished, Action<string> onGone, ILogger logger)
    {
        _fd = fd;
        _onFinished = onFinished;
        _onGone = onGone;
        _logger = logger;
        WatchTree(root, isRoot: true);
        _reader = new Thread(ReadEvents) { IsBackground = true, Name = "hsi-finished-writes" };
        _reader.Start();
    }

    /// <summary>
    /// Starts watching, or null where inotify is unavailable (not Linux, or no instance left): then only the stability wait applies.
    /// <paramref name="onGone"/> hears of files and folders deleted or moved away, in order with the writes.
    /// </summary>
    public static FinishedWrites? TryStart(string root, Action<string> onFinished, Action<string> onGone, ILogger logger)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var fd = InotifyInit1(InNonBlock | InCloExec);
        if (fd < 0)
        {
            logger.LogWarning("inotify unavailable (errno {Errno}); files are taken after the 0.5 s stability wait only", Marshal.GetLastPInvokeError());
            return null;
        }
        return new FinishedWrites(fd, root, onFinished, onGone, logger);
    }

    private void WatchTree(string directory, bool isRoot = false)
    {
        Watch(directory, isRoot);
        try
        {
            foreach (var sub in Directory.EnumerateDirectories(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
                Watch(sub);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    // The root is what the operator configured and may itself be a link; below it no link is followed.
    private void Watch(string directory, bool isRoot = false)
    {
        var wd = InotifyAddWatch(_fd, directory, InCloseWrite | InMovedFrom | InMovedTo | InCreate | InDelete | InOnlyDir | (isRoot ? 0 : InDontFollow));
        if (wd >= 0) _directories[wd] = directory;
        else _logger.LogDebug("Not watching {Directory} for finished writes (errno {Errno})", directory, Marshal.GetLastPInvokeError());
    }

    private void ReadEvents()
    {
        var buffer = new byte[64 * 1024];
        while (!_stopping)
        {
            var poll = new PollFd { Fd = _fd, Events = PollIn };
            if (Poll(ref poll, 1, (int)PollFor.TotalMilliseconds) <= 0) continue;
            var read = (int)Read(_fd, buffer, buffer.Length);
            for (var offset = 0; read > 0 && offset + HeaderBytes <= read;)
            {
                var wd = BitConverter.ToInt32(buffer, offset);
                var mask = BitConverter.ToUInt32(buffer, offset + 4);
                var length = BitConverter.ToInt32(buffer, offset + 12);
                var name = NameOf(buffer.AsSpan(offset + HeaderBytes, Math.Min(length, read - offset - HeaderBytes)));
                offset += HeaderBytes + length;
                try { Handle(wd, mask, name); }
                catch (Exception ex) { _logger.LogWarning(ex, "Finished-write notification for {Name} failed", name); }
            }
        }
    }

    private void Handle(int wd, uint mask, string? name)
    {
        if ((mask & InIgnored) != 0)
        {
            _directories.TryRemove(wd, out _);
            return;
        }
        // A name that is not valid UTF-8 is left to the stability wait, which records why it is refused.
        if (name is null || !_directories.TryGetValue(wd, out var directory)) return;
        var path = Path.Combine(directory, name);
        if ((mask & (InDelete | InMovedFrom)) != 0)
        {
            _onGone(path);
            return;
        }
        if ((mask & InIsDir) != 0)
        {
            if ((mask & (InCreate | InMovedTo)) != 0) WatchTree(path);
            return;
        }
        if ((mask & (InCloseWrite | InMovedTo)) != 0) _onFinished(path);
    }

    private static string? NameOf(ReadOnlySpan<byte> raw)
    {
        var end = raw.IndexOf((byte)0);
        var bytes = end < 0 ? raw : raw[..end];
        if (bytes.IsEmpty) return null;
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { return null; }
    }

    public void Dispose()
    {
        _stopping = true;
        _reader.Join(PollFor * 4);
        Close(_fd);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
