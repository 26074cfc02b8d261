using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SharedServices.Portal.Tests;

public static class Accessibility
{
    /// <summary>axe-core's WCAG 2.1 A and AA rules on the page as it is now: no violation (and nothing refused by the content security policy).</summary>
    public static async Task AssertNoViolations(IPage page)
    {
        ContentSecurity.AssertNothingRefused(page);
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        Assert.NotEmpty(result.Passes); // axe really ran its rules on the page
        Assert.True(result.Violations.Length == 0, $"{page.Url}:\n" +
            string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }
}
