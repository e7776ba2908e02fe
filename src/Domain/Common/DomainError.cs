namespace Hsi.Domain.Common;

public enum ErrorKind
{
    /// <summary>The request breaks a rule of the domain's shape (HTTP 422).</summary>
    Invalid,
    /// <summary>Well-formed but inconsistent with current state (HTTP 400).</summary>
    Inconsistent,
    NotFound,
    Conflict,
    Forbidden,
}

/// <summary>Why a decider refused a command. <see cref="Field"/> names the offending input, if any.</summary>
public sealed record DomainError(ErrorKind Kind, string Message, string? Field = null);

/// <summary>The outcome of a decision: the events to append, or why none may be.</summary>
public sealed record Decision
{
    public IReadOnlyList<object> Events { get; }
    public DomainError? Error { get; }

    private Decision(IReadOnlyList<object> events, DomainError? error)
    {
        Events = events;
        Error = error;
    }

    public bool Succeeded => Error is null;

    public static Decision Of(params object[] events) => new(events, null);
    public static Decision Refuse(ErrorKind kind, string message, string? field = null) =>
        new([], new DomainError(kind, message, field));

    public static implicit operator Decision(DomainError error) => new([], error);
}
