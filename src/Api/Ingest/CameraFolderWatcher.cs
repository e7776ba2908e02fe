using System.Collections.Concurrent;
using System.Threading.Channels;
using Hsi.Api.Features.Cameras;
using Hsi.Domain.Media;
using Hsi.Projections.Media;
using Prometheus;

namespace Hsi.Api.Ingest;

/// <summary>
/// Watches CAMERA_ROOT (inotify, or polling with FILE_WATCHER_POLLING=true for network
/// filesystems). With inotify a file is taken as soon as its writer closes it or it is renamed
/// into place (<see cref="FinishedWrites"/>); otherwise, and for writers that never close, once
/// it has been unchanged for 0.5 s, so half-written uploads are never read. On start-up it
/// rescans, so files that arrived while the service was down are processed; files already
/// recorded are skipped.
/// </summary>
public sealed class CameraFolderWatcher(
    HsiSettings settings, CameraFolders folders, CameraResolver cameras, MediaIngest ingest,
    IDocumentStore store, TimeProvider clock, ILogger<CameraFolderWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan StableFor = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    // Ingest mostly waits (file reads, Redis, the commit): many at once let files that settle
    // together be recorded together (MediaAcceptance).
    private const int IngestWorkers = 16;

    private readonly ConcurrentDictionary<string, Observation> _pending = new();
    // Polling only: what each file looked like when it was last taken, so a scan takes it again only if it changed.
    private readonly ConcurrentDictionary<string, (long Size, DateTime Modified)> _handled = new();
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    // Each file as it was when last taken (for a while), so that a write's late notifications, or its close
    // arriving just as the stability wait takes it, do not queue it twice.
    private readonly ConcurrentDictionary<string, (long Size, DateTime Modified, DateTimeOffset At)> _finished = new();
    private static readonly TimeSpan RememberFinishedFor = TimeSpan.FromSeconds(10);

    private static readonly Counter Taken = Metrics.CreateCounter(
        "hsi_ingest_files_taken_total", "Files the folder watcher handed to ingest, by what said they were complete: finished (closed or renamed into place), stable (unchanged for 0.5 s).", "signal");

    private sealed record Observation(long Size, DateTime Modified, DateTimeOffset Since);

    private long _lastLoopTicks;

    /// <summary>Files seen that wait to settle or to be ingested.</summary>
    public int PendingFiles => _pending.Count + _ready.Reader.Count;

    /// <summary>When the watch loop last went round (every 0.1 s while it runs); readiness checks it.</summary>
    public DateTimeOffset? LastLoopAt => Volatile.Read(ref _lastLoopTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(folders.Root);
        using var watcher = settings.FileWatcherPolling ? null : StartWatcher();
        using var finished = settings.FileWatcherPolling ? null : FinishedWrites.TryStart(folders.Root, OnFinished, Forget, logger);
        await RescanAsync(stoppingToken);

        var workers = Enumerable.Range(0, IngestWorkers)
            .Select(_ => ProcessReadyAsync(stoppingToken)).ToList();
        var nextPoll = clock.GetUtcNow() + PollEvery;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Volatile.Write(ref _lastLoopTicks, clock.GetUtcNow().UtcTicks);
                await Task.Delay(CheckEvery, clock, stoppingToken);
                if (settings.FileWatcherPolling && clock.GetUtcNow() >= nextPoll)
                {
                    ScanForChanges();
                    nextPoll = clock.GetUtcNow() + PollEvery;
                }
                PromoteStableFiles();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        _ready.Writer.TryComplete();
        await Task.WhenAll(workers);
    }

    private FileSystemWatcher StartWatcher()
    {
        var watcher = new FileSystemWatcher(folders.Root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            InternalBufferSize = 64 * 1024,
        };
        watcher.Created += (_, e) => OnChanged(e.FullPath);
        watcher.Changed += (_, e) => OnChanged(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            Forget(e.OldFullPath);
            OnChanged(e.FullPath);
        };
        watcher.Deleted += (_, e) => Forget(e.FullPath);
        watcher.Error += (_, e) =>
        {
            // Events were lost (buffer overflow): find what was missed, skipping what is on record.
            logger.LogWarning(e.GetException(), "File watcher lost events; rescanning {Root}", folders.Root);
            _ = RescanQuietlyAsync();
        };
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching {Root} for camera media", folders.Root);
        return watcher;
    }

    private void OnFinished(string path)
    {
        if (MediaTypes.TryClassify(path, out _, out _) && Look(path) is { } seen) TryTake(path, seen, "finished");
    }

    private void TryTake(string path, (long Size, DateTime Modified) seen, string signal)
    {
        if (!settings.FileWatcherPolling)
            lock (_finished)
            {
                if (_finished.TryGetValue(path, out var done) && (done.Size, done.Modified) == seen) return;
                _finished[path] = (seen.Size, seen.Modified, clock.GetUtcNow());
            }
        _pending.TryRemove(path, out _);
        Taken.WithLabels(signal).Inc();
        _ready.Writer.TryWrite(path);
    }

    /// <summary>A file deleted or moved away: one that appears there next is new, even with the same size and time (a copy that keeps them).</summary>
    private void Forget(string path)
    {
        _finished.TryRemove(path, out _);
        var folder = path + Path.DirectorySeparatorChar;
        foreach (var inside in _finished.Keys.Where(k => k.StartsWith(folder, StringComparison.Ordinal))) _finished.TryRemove(inside, out _);
    }

    private void OnChanged(string path)
    {
        if (Directory.Exists(path))
        {
            // A new folder (possibly with files already inside, e.g. moved in whole).
            if (Path.GetDirectoryName(path) == folders.Root) _ = RegisterFolderQuietlyAsync(path);
            foreach (var file in SafeEnumerate(path)) Observe(file);
            return;
        }
        Observe(path);
    }

    private async Task RegisterFolderQuietlyAsync(string folder)
    {
        try { await cameras.RegisterFolderAsync(folder, CancellationToken.None); }
        catch (Exception ex) { logger.LogWarning(ex, "Could not register folder {Folder}", folder); }
    }

    private void Observe(string path)
    {
        if (!MediaTypes.TryClassify(path, out _, out _))
        {
            if (File.Exists(path) && !Path.GetFileName(path).StartsWith('.'))
                logger.LogInformation("Ignored {Path}: not an image or video file", path);
            return;
        }
        if (Look(path) is not { } seen) return;
        if (_finished.TryGetValue(path, out var done) && (done.Size, done.Modified) == seen) return;
        _pending[path] = new Observation(seen.Size, seen.Modified, clock.GetUtcNow());
    }

    /// <summary>
    /// Size and modification time, or null when the file is gone. A name that is not valid UTF-8
    /// cannot be looked up by the string .NET gives for it; it goes on unchanged, so that ingest
    /// records why it is refused instead of the file being skipped without a word.
    /// </summary>
    private static (long Size, DateTime Modified)? Look(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists) return (info.Length, info.LastWriteTimeUtc);
        return path.Contains('\uFFFD') ? (0, DateTime.MinValue) : null;
    }

    private void PromoteStableFiles()
    {
        var now = clock.GetUtcNow();
        foreach (var (path, done) in _finished)
            if (now - done.At > RememberFinishedFor) _finished.TryRemove(path, out _);
        foreach (var (path, seen) in _pending)
        {
            if (Look(path) is not { } current)
            {
                _pending.TryRemove(path, out _);
                continue;
            }
            if (current != (seen.Size, seen.Modified))
            {
                _pending[path] = new Observation(current.Size, current.Modified, now);
                continue;
            }
            if (now - seen.Since < StableFor || !_pending.TryRemove(path, out _)) continue;
            if (settings.FileWatcherPolling) _handled[path] = current;
            TryTake(path, current, "stable");
        }
    }

    private void ScanForChanges()
    {
        foreach (var gone in _handled.Keys.Where(path => Look(path) is null).ToList()) _handled.TryRemove(gone, out _);
        foreach (var dir in SafeEnumerateDirectories(folders.Root))
        foreach (var file in SafeEnumerate(dir))
        {
            if (_pending.ContainsKey(file)) continue;
            if (_handled.TryGetValue(file, out var done) && done == Look(file)) continue;
            Observe(file);
        }
    }

    private async Task RescanQuietlyAsync()
    {
        try { await RescanAsync(CancellationToken.None); }
        catch (Exception ex) { logger.LogError(ex, "Rescan of {Root} failed", folders.Root); }
    }

    private async Task RescanAsync(CancellationToken ct)
    {
        HashSet<string> known;
        await using (var session = store.QuerySession())
        {
            known = (await session.Query<MediaView>().Select(m => m.FilePath).ToListAsync(ct)).ToHashSet();
        }
        var backlog = 0;
        foreach (var dir in SafeEnumerateDirectories(folders.Root))
        {
            await cameras.RegisterFolderAsync(dir, ct);
            foreach (var file in SafeEnumerate(dir))
            {
                if (known.Contains(file))
                {
                    if (settings.FileWatcherPolling && Look(file) is { } seen) _handled[file] = seen;
                    continue;
                }
                if (!MediaTypes.TryClassify(file, out _, out _)) continue;
                Observe(file);
                backlog++;
            }
        }
        if (backlog > 0) logger.LogInformation("Start-up rescan found {Count} unprocessed files under {Root}", backlog, folders.Root);
    }

    private async Task ProcessReadyAsync(CancellationToken ct)
    {
        await foreach (var path in _ready.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (await cameras.ForFileAsync(path, ct) is not { } cameraId)
                {
                    logger.LogInformation("Skipped {Path}: it belongs to no active camera", path);
                    continue;
                }
                await ingest.IngestAsync(cameraId, path, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Not accepted, so not recorded: forget it so the next change or restart retries it.
                _handled.TryRemove(path, out _);
                _finished.TryRemove(path, out _);
                logger.LogError(ex, "Could not ingest {Path}", path);
            }
        }
    }

    private static IEnumerable<string> SafeEnumerateDirectories(string root) =>
        Directory.Exists(root) ? Directory.EnumerateDirectories(root) : [];

    private static IEnumerable<string> SafeEnumerate(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            : [];
}
