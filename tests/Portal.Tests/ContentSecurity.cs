using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace SharedServices.Portal.Tests;

/// <summary>
/// What the content security policy refused on a page: Chromium says so on the console
/// ("Refused to execute inline script because it violates the following Content Security Policy directive…").
/// </summary>
public static class ContentSecurity
{
    private static readonly ConditionalWeakTable<IPage, List<string>> Refusals = [];

    public static IPage Watch(IPage page)
    {
        var refused = Refusals.GetOrCreateValue(page);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (refused)
                {
                    refused.Add(message.Text);
                }
            }
        };
        return page;
    }

    public static IReadOnlyList<string> RefusedOn(IPage page)
    {
        var refused = Refusals.GetOrCreateValue(page);
        lock (refused)
        {
            return [.. refused];
        }
    }

    public static void AssertNothingRefused(IPage page)
    {
        var refused = RefusedOn(page);
        Assert.True(refused.Count == 0, $"{page.Url}: the content security policy refused:\n{string.Join("\n", refused)}");
    }
}
