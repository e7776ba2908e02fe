using Microsoft.Net.Http.Headers;

namespace Hsi.Api.Http;

/// <summary>ETags on media responses, so a client that already has a picture or clip is answered 304 without its bytes.</summary>
public static class ConditionalRequests
{
    /// <summary>
    /// Sets a strong ETag made of <paramref name="identity"/> and the file's length and modification
    /// time (a file replaced in place gets a new one); true, after answering 304, when the client's
    /// If-None-Match already names it.
    /// </summary>
    public static async Task<bool> AnswerNotModifiedAsync(HttpContext ctx, string identity, Stream content)
    {
        if (content is not FileStream file) return false;
        var tag = new EntityTagHeaderValue($"\"{identity}-{file.Length:x}-{File.GetLastWriteTimeUtc(file.SafeFileHandle).Ticks:x}\"");
        ctx.Response.Headers.ETag = tag.ToString();
        var known = ctx.Request.GetTypedHeaders().IfNoneMatch;
        if (!known.Any(k => k.Equals(EntityTagHeaderValue.Any) || k.Compare(tag, useStrongComparison: false))) return false;
        ctx.Response.StatusCode = StatusCodes.Status304NotModified;
        ctx.MarkResponseStart();
        await ctx.Response.CompleteAsync();
        return true;
    }
}
