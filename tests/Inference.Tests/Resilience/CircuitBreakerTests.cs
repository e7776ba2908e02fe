using Hsi.Inference.Resilience;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hsi.Inference.Tests.Resilience;

/// <summary>The breaker's states and counts, on a clock the test moves.</summary>
public class CircuitBreakerTests
{
    private static readonly CircuitBreakerSettings Settings = new(3, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; private set; } = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
        public override long GetTimestamp() => Now.UtcTicks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public void Advance(TimeSpan by) => Now += by;
    }

    private readonly ManualClock clock = new();
    private int calls;

    private CircuitBreaker Breaker() => new("llm", Settings, ex => ex is TimeoutException, clock, NullLogger.Instance);

    private Task<string> Call(CircuitBreaker breaker, Func<string> outcome) =>
        breaker.ExecuteAsync(_ => { calls++; return Task.FromResult(outcome()); }, CancellationToken.None);

    private Task<string> Fail(CircuitBreaker breaker) => Call(breaker, () => throw new TimeoutException("no reply"));
    private Task<string> Succeed(CircuitBreaker breaker) => Call(breaker, () => "answer");

    private async Task OpenAsync(CircuitBreaker breaker)
    {
        for (var i = 0; i < Settings.FailureThreshold; i++) await Assert.ThrowsAsync<TimeoutException>(() => Fail(breaker));
        Assert.Equal(CircuitBreakerState.Open, breaker.State);
    }

    [Fact]
    public async Task It_opens_after_the_threshold_of_failures_and_then_rejects_calls_without_making_them()
    {
        var breaker = Breaker();
        for (var i = 0; i < Settings.FailureThreshold - 1; i++) await Assert.ThrowsAsync<TimeoutException>(() => Fail(breaker));
        Assert.Equal(CircuitBreakerState.Closed, breaker.State);

        await Assert.ThrowsAsync<TimeoutException>(() => Fail(breaker));
        var openedAt = clock.Now;
        clock.Advance(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<CircuitOpenException>(() => Succeed(breaker));

        Assert.Equal(Settings.FailureThreshold, calls);
        var status = breaker.Status();
        Assert.Equal((CircuitBreakerState.Open, 3L, 0L, 4L, 1L), (status.State, status.FailureCount, status.SuccessCount, status.TotalCalls, status.RejectedCalls));
        Assert.Equal(openedAt, status.OpenedAt);
        Assert.Equal(openedAt, status.LastFailureTime);
    }

    [Fact]
    public async Task A_success_between_failures_or_an_error_that_is_not_the_peers_keeps_it_closed()
    {
        var breaker = Breaker();
        await Assert.ThrowsAsync<TimeoutException>(() => Fail(breaker));
        await Assert.ThrowsAsync<TimeoutException>(() => Fail(breaker));
        await Assert.ThrowsAsync<FormatException>(() => Call(breaker, () => throw new FormatException("unreadable")));
        await Assert.ThrowsAsync<TimeoutException>(() => Fail(breaker));
        await Assert.ThrowsAsync<TimeoutException>(() => Fail(breaker));

        Assert.Equal(CircuitBreakerState.Closed, breaker.State);
        Assert.Equal((4L, 1L), (breaker.Status().FailureCount, breaker.Status().SuccessCount));
    }

    [Fact]
    public async Task After_the_recovery_timeout_one_probe_goes_through_and_its_success_closes_the_circuit()
    {
        var breaker = Breaker();
        await OpenAsync(breaker);
        clock.Advance(Settings.RecoveryTimeout - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<CircuitOpenException>(() => Succeed(breaker));
        clock.Advance(TimeSpan.FromSeconds(1));

        var answer = new TaskCompletionSource<string>();
        var probe = breaker.ExecuteAsync(_ => answer.Task, CancellationToken.None);
        Assert.Equal(CircuitBreakerState.HalfOpen, breaker.State);
        // Beside the probe, calls are still rejected.
        await Assert.ThrowsAsync<CircuitOpenException>(() => Succeed(breaker));
        answer.SetResult("answer");
        Assert.Equal("answer", await probe);

        var status = breaker.Status();
        Assert.Equal((CircuitBreakerState.Closed, 0L, 1L, 2L), (status.State, status.FailureCount, status.SuccessCount, status.RejectedCalls));
        Assert.Null(status.OpenedAt);
        Assert.Equal("answer", await Succeed(breaker));
    }

    [Fact]
    public async Task A_failed_probe_opens_the_circuit_again_for_another_recovery_timeout()
    {
        var breaker = Breaker();
        await OpenAsync(breaker);
        clock.Advance(Settings.RecoveryTimeout);

        await Assert.ThrowsAsync<TimeoutException>(() => Fail(breaker));

        Assert.Equal(CircuitBreakerState.Open, breaker.State);
        Assert.Equal(clock.Now, breaker.Status().OpenedAt);
        clock.Advance(Settings.RecoveryTimeout - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<CircuitOpenException>(() => Succeed(breaker));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("answer", await Succeed(breaker));
        Assert.Equal(CircuitBreakerState.Closed, breaker.State);
    }

    [Fact]
    public async Task A_reset_closes_an_open_circuit_at_once_and_clears_its_counts()
    {
        var breaker = Breaker();
        await OpenAsync(breaker);

        Assert.Equal(CircuitBreakerState.Open, await breaker.ResetAsync());

        var status = breaker.Status();
        Assert.Equal((CircuitBreakerState.Closed, 0L, 0L, 3L), (status.State, status.FailureCount, status.SuccessCount, status.TotalCalls));
        Assert.Null(status.OpenedAt);
        Assert.Equal("answer", await Succeed(breaker));
        // The failures before the reset no longer count towards opening it.
        await Assert.ThrowsAsync<TimeoutException>(() => Fail(breaker));
        Assert.Equal(CircuitBreakerState.Closed, breaker.State);
    }

    [Fact]
    public async Task A_breaker_for_a_peer_not_in_use_is_unavailable_and_a_reset_leaves_it_so()
    {
        var breaker = CircuitBreaker.Unused("llm", Settings);

        Assert.Equal(CircuitBreakerState.Unavailable, breaker.State);
        Assert.Equal(CircuitBreakerState.Unavailable, await breaker.ResetAsync());
        Assert.Equal(CircuitBreakerState.Unavailable, breaker.Status().State);
    }
}
