using System.Linq.Expressions;

namespace Hsi.Api.Http;

/// <summary>
/// The keyset order of a cursor-paged list: newest first by (timestamp, id), so a page is an index
/// range and a cursor is the last row's pair.
/// </summary>
public sealed class NewestFirst<T>(Expression<Func<T, DateTimeOffset>> at, Expression<Func<T, long>> id)
{
    /// <summary>The rows in order; with a cursor, only those strictly after it.</summary>
    public IQueryable<T> After(IQueryable<T> query, Cursor? after)
    {
        if (after is { } c) query = query.Where(Before(c));
        return query.OrderByDescending(at).ThenByDescending(id);
    }

    // (at, id) < cursor, written once over the two keys and then bound to this list's members.
    private Expression<Func<T, bool>> Before(Cursor c)
    {
        Expression<Func<DateTimeOffset, long, bool>> before = (a, i) => a < c.CreatedAt || (a == c.CreatedAt && i < c.Id);
        var row = at.Parameters[0];
        var body = new Substitute(new()
        {
            [before.Parameters[0]] = at.Body,
            [before.Parameters[1]] = new Substitute(new() { [id.Parameters[0]] = row }).Visit(id.Body),
        }).Visit(before.Body);
        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    private sealed class Substitute(Dictionary<ParameterExpression, Expression> by) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => by.GetValueOrDefault(node) ?? node;
    }
}
