using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Hsi.Api.Infrastructure;
using Marten.Subscriptions;

namespace Hsi.Api.Realtime;

/// <summary>
/// Live pushes come from the event store itself: Marten's async daemon hands this subscription
/// every committed event of <see cref="LiveMessages.EventTypes"/>, in store order, once; each
/// becomes its WebSocket message with the event's store sequence and goes to every node through
/// Redis. Nothing is pushed for work that did not commit.
/// </summary>
public sealed class LiveMessageSubscription : SubscriptionBase
{
    public const string SubscriptionId = "live_messages";

    private readonly RealtimeFanout _fanout;

    public LiveMessageSubscription(RealtimeFanout fanout)
    {
        _fanout = fanout;
        Name = SubscriptionId;
        foreach (var type in LiveMessages.EventTypes) IncludeType(type);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var message in await LiveMessages.FromAsync(page.Events, operations, cancellationToken))
            await _fanout.PublishAsync(message.Topic, message.Type, message.Data, message.Sequence);
        return NoDocumentChanges.Instance;
    }
}
