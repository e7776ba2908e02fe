using System.Threading.Channels;
using Hsi.Api.Infrastructure;
using Hsi.Domain.Media;
using Hsi.Inference.Handlers;

namespace Hsi.Api.Ingest;

/// <summary>
/// Records accepted files by group commit: while one transaction commits, the files accepted
/// meanwhile wait, and the next transaction records all of them at once (<see cref="AcceptMediaBatch"/>).
/// A lone file is recorded at once, as before; a burst costs one commit instead of one per file. A
/// group that fails is recorded again file by file, so one bad file fails only itself.
/// </summary>
public sealed class MediaAcceptance : IAsyncDisposable
{
    private const int MaxGroup = 64;
    private readonly CommandSender _bus;
    private readonly ILogger<MediaAcceptance> _logger;
    private readonly Channel<Pending> _waiting = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _recorder;

    private sealed record Pending(AcceptMedia File, TaskCompletionSource Recorded);

    public MediaAcceptance(CommandSender bus, ILogger<MediaAcceptance> logger)
    {
        _bus = bus;
        _logger = logger;
        _recorder = Task.Run(RecordWaitingAsync);
    }

    /// <summary>Completes once the file's MediaReceived (and its queued analysis) is committed.</summary>
    public Task RecordAsync(AcceptMedia file, CancellationToken ct)
    {
        var pending = new Pending(file, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_waiting.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(MediaAcceptance));
        return pending.Recorded.Task.WaitAsync(ct);
    }

    private async Task RecordWaitingAsync()
    {
        var group = new List<Pending>(MaxGroup);
        while (await _waiting.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _waiting.Reader.TryRead(out var next)) group.Add(next);
            if (group.Count > 1 && await TryRecordTogetherAsync(group)) continue;
            foreach (var pending in group) await RecordAloneAsync(pending);
        }
    }

    private async Task<bool> TryRecordTogetherAsync(List<Pending> group)
    {
        try
        {
            await _bus.InvokeAsync(new AcceptMediaBatch([.. group.Select(p => p.File)]), CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Recording {Count} files together failed ({Error}); recording them one by one", group.Count, ex.Message);
            return false;
        }
        foreach (var pending in group) pending.Recorded.TrySetResult();
        return true;
    }

    private async Task RecordAloneAsync(Pending pending)
    {
        try
        {
            await _bus.InvokeAsync(pending.File, CancellationToken.None);
            pending.Recorded.TrySetResult();
        }
        catch (Exception ex)
        {
            pending.Recorded.TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _recorder;
    }
}
