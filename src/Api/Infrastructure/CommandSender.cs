using Wolverine;

namespace Hsi.Api.Infrastructure;

/// <summary>Sends commands through Wolverine from long-lived services (IMessageBus is scoped: one scope per command).</summary>
public sealed class CommandSender(IServiceScopeFactory scopes)
{
    public async Task<T> InvokeAsync<T>(object command, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<T>(command, ct);
    }

    /// <summary>Queues a message for its handler (durably, where its route is durable) without waiting for it to run.</summary>
    public async Task PublishAsync(object message)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(message);
    }

    public async Task InvokeAsync(object command, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(command, ct);
    }
}
