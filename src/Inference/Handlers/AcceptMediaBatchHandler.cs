using Hsi.Domain.Media;
using Marten;
using Wolverine;

namespace Hsi.Inference.Handlers;

/// <summary>Files that settled together, recorded in one transaction (see <see cref="AcceptMediaHandler"/> for each).</summary>
public sealed record AcceptMediaBatch(IReadOnlyList<AcceptMedia> Files);

/// <summary>
/// Records a burst of accepted files and queues their analyses in ONE transaction (Wolverine
/// outbox): one commit, one round trip of appends, projections and envelopes for the burst
/// instead of one per file. All or none: the sender retries the files one by one if it fails.
/// </summary>
public static class AcceptMediaBatchHandler
{
    public static OutgoingMessages Handle(AcceptMediaBatch batch, IDocumentSession session)
    {
        var messages = new OutgoingMessages();
        foreach (var file in batch.Files) messages.AddRange(AcceptMediaHandler.Handle(file, session));
        return messages;
    }
}
