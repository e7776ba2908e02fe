using Microsoft.Playwright;

namespace Hsi.Web.Tests;

/// <summary>
/// What went wrong on a page as a person would see it in the developer tools: console errors, uncaught
/// page errors, and same-origin requests that failed or answered with an error the test did not expect.
/// </summary>
public sealed class PageWatch
{
    private readonly HashSet<int> _expected = [];
    private readonly List<string> _problems = [];

    public PageWatch(IPage page, Uri origin)
    {
        Page = page;
        page.Console += (_, m) =>
        {
            // Chromium logs every error answer as a console error too; those are judged below, by status.
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) Add($"console: {m.Text}");
        };
        page.PageError += (_, e) => Add($"page error: {e}");
        page.RequestFailed += (_, r) =>
        {
            if (SameOrigin(r.Url, origin) && r.Failure is not ("net::ERR_ABORTED" or null)) Add($"request failed: {r.Method} {r.Url}: {r.Failure}");
        };
        page.Response += (_, r) =>
        {
            if (SameOrigin(r.Url, origin) && r.Status >= 400 && !_expected.Contains(r.Status)) Add($"response {r.Status}: {r.Request.Method} {r.Url}");
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Problems
    {
        get { lock (_problems) return [.. _problems]; }
    }

    /// <summary>A status the test provokes on purpose (a 409 conflict, a 401 for a wrong key).</summary>
    public void Expect(int status) => _expected.Add(status);

    private void Add(string problem)
    {
        lock (_problems) _problems.Add(problem);
    }

    private static bool SameOrigin(string url, Uri origin) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.Authority == origin.Authority;
}
