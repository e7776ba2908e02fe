using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Projections.EventStore;
using Marten;
using Wolverine;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Records an accepted file and queues its analysis in one transaction (Wolverine outbox): once
/// MediaReceived is committed, its AnalyzeMediaInBatch is durable too. A file that failed the ingest
/// checks, or is a duplicate, is recorded as such. Each file's id is new, so its stream is started
/// without a read; one that exists already fails the commit.
/// </summary>
public static class AcceptMediaHandler
{
    public static OutgoingMessages Handle(AcceptMedia cmd, IDocumentSession session)
    {
        var messages = new OutgoingMessages();
        var media = StreamRead<MediaFile>.New(StreamKeys.Media(cmd.MediaId));
        session.Append(media, MediaDecisions.Accept(cmd, media.State));
        messages.Add(new AnalyzeMediaInBatch(cmd.MediaId));
        return messages;
    }

    public static void Handle(RejectMedia cmd, IDocumentSession session)
    {
        var media = StreamRead<MediaFile>.New(StreamKeys.Media(cmd.MediaId));
        session.Append(media, MediaDecisions.Reject(cmd, media.State));
        PipelineMetrics.MediaProcessed.WithLabels("rejected").Inc();
    }

    public static void Handle(RecordDuplicateMedia cmd, IDocumentSession session)
    {
        var media = StreamRead<MediaFile>.New(StreamKeys.Media(cmd.MediaId));
        session.Append(media, MediaDecisions.SkipDuplicate(cmd, media.State));
    }
}
