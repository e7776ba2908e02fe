using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;

namespace Hsi.Inference.Resilience;

/// <summary>
/// When a breaker opens and how long it stays open (LLM_CIRCUIT_FAILURE_THRESHOLD, LLM_CIRCUIT_RECOVERY_TIMEOUT_SECONDS,
/// LLM_CIRCUIT_SAMPLING_SECONDS): it opens once <see cref="FailureThreshold"/> calls within <see cref="SamplingDuration"/>
/// all failed, and lets one probe through after <see cref="RecoveryTimeout"/>.
/// </summary>
public sealed record CircuitBreakerSettings(int FailureThreshold, TimeSpan RecoveryTimeout, TimeSpan SamplingDuration)
{
    /// <summary>Polly lets at least two calls decide (MinimumThroughput).</summary>
    public const int LeastFailureThreshold = 2;

    /// <summary>Polly's half-open state lets one probe through; the calls beside it are rejected.</summary>
    public const int HalfOpenMaxCalls = 1;

    /// <summary>One successful probe closes the circuit; a failed one opens it again.</summary>
    public const int SuccessThreshold = 1;

    public static readonly CircuitBreakerSettings Defaults = new(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
}

public enum CircuitBreakerState
{
    Closed,
    Open,
    HalfOpen,
    /// <summary>What the breaker guards is not in use on this node (e.g. no LLM is configured).</summary>
    Unavailable,
}

/// <summary>
/// A breaker as it stands now. The failure and success counts are those since it last closed; total and
/// rejected calls are since the node started.
/// </summary>
public sealed record CircuitBreakerStatus(
    string Name, CircuitBreakerState State, long FailureCount, long SuccessCount, long TotalCalls, long RejectedCalls,
    DateTimeOffset? LastFailureTime, DateTimeOffset? OpenedAt, CircuitBreakerSettings Settings);

/// <summary>A call the breaker did not make, because it is open (or half-open with its probe under way).</summary>
public sealed class CircuitOpenException(string name, Exception inner)
    : Exception($"circuit breaker '{name}' is open: the call was not made", inner);

/// <summary>
/// Polly's circuit breaker around calls to one peer, per node, with the counts and times operators see.
/// A call that fails in a way <c>isFailure</c> counts (the peer is down or overloaded) moves it towards open;
/// every other outcome, an answer the caller could not use included, shows the peer answered.
/// </summary>
public sealed class CircuitBreaker
{
    private readonly ResiliencePipeline? pipeline;
    private readonly CircuitBreakerStateProvider provider = new();
    private readonly CircuitBreakerManualControl control = new();
    private readonly Func<Exception, bool> isFailure;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private long failures, successes, total, rejected;
    private DateTimeOffset? lastFailure, openedAt;

    public string Name { get; }
    public CircuitBreakerSettings Settings { get; }

    public CircuitBreaker(string name, CircuitBreakerSettings settings, Func<Exception, bool> isFailure, TimeProvider clock, ILogger logger)
        : this(name, settings, isFailure, clock, logger, inUse: true) { }

    private CircuitBreaker(string name, CircuitBreakerSettings settings, Func<Exception, bool> isFailure, TimeProvider clock, ILogger logger, bool inUse)
    {
        Name = name;
        Settings = settings;
        this.isFailure = isFailure;
        this.clock = clock;
        Export(inUse ? CircuitBreakerState.Closed : CircuitBreakerState.Unavailable);
        if (!inUse) return;
        pipeline = new ResiliencePipelineBuilder { TimeProvider = clock }.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            // Every call of the window failed, and at least the threshold of them: the peer keeps failing.
            FailureRatio = 1.0,
            MinimumThroughput = settings.FailureThreshold,
            SamplingDuration = settings.SamplingDuration,
            BreakDuration = settings.RecoveryTimeout,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && isFailure(ex)),
            StateProvider = provider,
            ManualControl = control,
            OnOpened = args =>
            {
                lock (gate) openedAt = clock.GetUtcNow();
                Export(CircuitBreakerState.Open);
                logger.LogWarning("Circuit breaker {Breaker} opened for {BreakDuration} after {Error}; calls fail at once until a probe succeeds",
                    name, args.BreakDuration, args.Outcome.Exception?.Message);
                return default;
            },
            OnHalfOpened = _ =>
            {
                Export(CircuitBreakerState.HalfOpen);
                return default;
            },
            OnClosed = args =>
            {
                ClearCounts();
                Export(CircuitBreakerState.Closed);
                logger.LogInformation("Circuit breaker {Breaker} closed ({How})", name, args.IsManual ? "reset" : "a probe succeeded");
                return default;
            },
        }).Build();
    }

    /// <summary>A breaker for a peer this node does not use: it reports <see cref="CircuitBreakerState.Unavailable"/>.</summary>
    public static CircuitBreaker Unused(string name, CircuitBreakerSettings settings) =>
        new(name, settings, _ => false, TimeProvider.System, NullLogger.Instance, inUse: false);

    public CircuitBreakerState State => pipeline is null ? CircuitBreakerState.Unavailable : provider.CircuitState switch
    {
        CircuitState.Closed => CircuitBreakerState.Closed,
        CircuitState.HalfOpen => CircuitBreakerState.HalfOpen,
        _ => CircuitBreakerState.Open,
    };

    /// <exception cref="CircuitOpenException">The breaker is open: <paramref name="call"/> was not made.</exception>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        if (pipeline is null) return await call(ct);
        Interlocked.Increment(ref total);
        try
        {
            var result = await pipeline.ExecuteAsync(async token => await call(token), ct);
            Interlocked.Increment(ref successes);
            return result;
        }
        catch (BrokenCircuitException ex)
        {
            Interlocked.Increment(ref rejected);
            throw new CircuitOpenException(Name, ex);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            if (isFailure(ex))
            {
                Interlocked.Increment(ref failures);
                lock (gate) lastFailure = clock.GetUtcNow();
            }
            else Interlocked.Increment(ref successes);
            throw;
        }
    }

    /// <summary>Closes the breaker (an operator knows the peer is back) and clears its counts; the state it had.</summary>
    public async Task<CircuitBreakerState> ResetAsync()
    {
        var before = State;
        if (pipeline is null) return before;
        await control.CloseAsync();
        ClearCounts();
        return before;
    }

    public CircuitBreakerStatus Status()
    {
        lock (gate)
            return new CircuitBreakerStatus(Name, State, Interlocked.Read(ref failures), Interlocked.Read(ref successes),
                Interlocked.Read(ref total), Interlocked.Read(ref rejected), lastFailure, State == CircuitBreakerState.Closed ? null : openedAt, Settings);
    }

    /// <summary>Set at each change rather than read at a scrape: the state only changes in these callbacks.</summary>
    private void Export(CircuitBreakerState state) => PipelineMetrics.CircuitBreakerState.WithLabels(Name).Set(state switch
    {
        CircuitBreakerState.Closed => 0,
        CircuitBreakerState.HalfOpen => 1,
        CircuitBreakerState.Open => 2,
        _ => -1,
    });

    private void ClearCounts()
    {
        lock (gate)
        {
            Interlocked.Exchange(ref failures, 0);
            Interlocked.Exchange(ref successes, 0);
            openedAt = null;
        }
    }
}
