using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Marten;
using Wolverine;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Records an accepted file and queues its analysis in one transaction (Wolverine outbox): once
/// MediaReceived is committed, its AnalyzeMediaInBatch is durable too. A file that failed the ingest checks
/// is recorded with its rejection instead.
/// </summary>
public static class AcceptMediaHandler
{
    public static OutgoingMessages Handle(AcceptMedia cmd, IDocumentSession session)
    {
        var received = new MediaReceived(cmd.MediaId, cmd.CameraId, cmd.FilePath, cmd.FileType, cmd.MediaType,
            cmd.Sha256, cmd.SizeBytes, cmd.ReceivedAt);
        var messages = new OutgoingMessages();
        if (cmd.RejectionReason is { } reason)
        {
            session.Events.StartStream(StreamKeys.Media(cmd.MediaId), received,
                new MediaRejected(cmd.MediaId, cmd.CameraId, cmd.FilePath, reason, cmd.ReceivedAt));
            PipelineMetrics.MediaProcessed.WithLabels("rejected").Inc();
            return messages;
        }
        session.Events.StartStream(StreamKeys.Media(cmd.MediaId), received);
        messages.Add(new AnalyzeMediaInBatch(cmd.MediaId));
        return messages;
    }

    public static void Handle(RecordDuplicateMedia cmd, IDocumentSession session) =>
        session.Events.StartStream(StreamKeys.Media(cmd.MediaId),
            new DuplicateMediaSkipped(cmd.MediaId, cmd.CameraId, cmd.FilePath, cmd.Sha256, cmd.OriginalMediaId, cmd.At));
}
