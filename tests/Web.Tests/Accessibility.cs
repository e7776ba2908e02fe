using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Hsi.Web.Tests;

public static class Accessibility
{
    /// <summary>Fails with each axe violation (rule, impact, the elements) on what the page shows now, colour contrast included.</summary>
    public static async Task AssertNoViolationsAsync(this IPage page, string where)
    {
        var result = await page.RunAxe();
        var found = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()).Take(3))}").ToList();
        Assert.True(found.Count == 0, $"axe found {found.Count} violation(s) on {where}:\n{string.Join("\n", found)}");
    }

    /// <summary>Nothing wider than the viewport (the 390×844 phone check).</summary>
    public static async Task AssertNoSidewaysScrollAsync(this IPage page, string where)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{where} scrolls sideways by {overflow}px");
    }
}
