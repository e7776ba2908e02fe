namespace Hsi.Domain.Common;

/// <summary>
/// PostgreSQL keeps microseconds, .NET 100 ns ticks. A time cut to what is stored compares equal to itself read
/// back, so cursors match exactly and a live read model equals a rebuilt one.
/// </summary>
public static class StoredTime
{
    public static DateTimeOffset Of(DateTimeOffset t) => new(t.Ticks - t.Ticks % 10, t.Offset);
}
