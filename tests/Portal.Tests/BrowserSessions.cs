using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SharedServices.Testing;
using static SharedServices.Portal.Tests.SignInPages;

namespace SharedServices.Portal.Tests;

/// <summary>People signed in to the portal in a browser of their own, and waits that explain themselves.</summary>
public static class BrowserSessions
{
    /// <summary>
    /// Opens <paramref name="url"/> in a new browser context, signs in on the identity service's pages (with a
    /// TOTP code from <paramref name="app"/> for accounts that need one; enrolled at its first use) and
    /// waits to be back at <paramref name="url"/>.
    /// </summary>
    public static async Task<IPage> SignedInAsync(this PortalFixture fixture, string url, string login, string password, TotpAuthenticator? app = null)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(url);
        await Explained(page, () => page.WaitForSelectorAsync("input[name=LoginName]"));
        await SubmitLogin(page, login, password);
        if (app is not null)
        {
            await page.WaitForSelectorAsync("input[name=Code]");
            if (app.Secret is null)
            {
                app.Enrol(OidcBrowser.SecretShown(await page.ContentAsync()));
            }
            await page.FillAsync("input[name=Code]", await app.NextCodeAsync());
            await page.Locator("form button[type=submit]").ClickAsync();
        }
        await Explained(page, () => page.ReachedAsync(url));
        return page;
    }

    /// <summary>
    /// Waits for the browser to be at <paramref name="url"/> (a glob: <c>**</c> any text, <c>*</c> any text without a
    /// slash, everything else literal) with the whole document parsed. The pages are rendered on the server with their
    /// styles inline, so a committed navigation whose document has left the "loading" state is everything a test reads.
    /// Both are polled, rather than learnt from lifecycle events: on a busy machine the load event once, and in CI
    /// DOMContentLoaded once, was reported a minute after the page had arrived. (Playwright's WaitForURLAsync is no use
    /// here: when the address already matches, as after a click that has committed its navigation, it waits for the
    /// load event whatever WaitUntil says.)
    /// </summary>
    public static Task ReachedAsync(this IPage page, string url) => ReachedAsync(page, Glob(url));

    /// <inheritdoc cref="ReachedAsync(IPage, string)"/>
    public static async Task ReachedAsync(this IPage page, Regex url)
    {
        var waited = Stopwatch.StartNew();
        while (!url.IsMatch(page.Url))
        {
            if (waited.Elapsed > PortalFixture.BrowserTimeout)
            {
                throw new TimeoutException($"Timeout: after {waited.Elapsed.TotalSeconds:F0} s the browser is at {page.Url}, not at {url}.");
            }
            await Task.Delay(50);
        }
        await page.WaitForFunctionAsync("() => document.readyState !== 'loading'", null, new() { PollingInterval = 100 });
    }

    private static Regex Glob(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$");

    /// <summary>Waits; if it never comes, fails with the page the browser shows instead.</summary>
    public static async Task Explained(IPage page, Func<Task> wait)
    {
        var started = Stopwatch.StartNew();
        try
        {
            await wait();
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Still waiting after {started.Elapsed.TotalSeconds:F0} s at {page.Url}\n{await page.ContentAsync()}");
        }
    }
}
