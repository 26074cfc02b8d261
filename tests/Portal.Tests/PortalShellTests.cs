using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SharedServices.Web.Branding;

namespace SharedServices.Portal.Tests;

/// <summary>The portal shell in a real browser: each town's branding, language, keyboard use and WCAG 2.1 AA.</summary>
public sealed class PortalShellTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("kaneyama", "金山町", "rgb(46, 107, 48)", "rgb(255, 255, 255)")]
    [InlineData("okura", "大蔵村", "rgb(244, 208, 63)", "rgb(0, 0, 0)")]
    public async Task Each_town_shows_its_own_name_and_colours_with_readable_text(string slug, string name, string background, string text)
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync(fixture.TownUrl(slug));

        Assert.Contains(name, await page.TitleAsync());
        Assert.Equal($"{name} 住民ポータル", (await page.Locator("h1").InnerTextAsync()).Trim());
        var header = page.Locator("header.site-header");
        Assert.Equal(background, await header.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Equal(text, await header.EvaluateAsync<string>("e => getComputedStyle(e).color"));
    }

    [Fact]
    public async Task Pages_come_through_the_gateway_under_its_content_security_policy_which_refuses_injected_scripts()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.GotoAsync(fixture.TownUrl("kaneyama"));
        var headers = await response!.AllHeadersAsync();
        // A script slipped into the page (as an XSS would) does not run, and the refusal is seen.
        var ran = await page.EvaluateAsync<bool>("""
            () => { const s = document.createElement("script"); s.textContent = "window.injected = true"; document.body.append(s); return window.injected === true; }
            """);
        await page.WaitForTimeoutAsync(100);
        var ownScript = await page.Context.APIRequest.GetAsync(fixture.PrefectureUrl("/js/town-preview.js")); // what pages use instead

        Assert.True(ownScript.Ok, $"{ownScript.Status} for the portal's own script");
        Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.False(ran);
        Assert.Contains(ContentSecurity.RefusedOn(page), r => r.Contains("script", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_town_is_also_reachable_by_path_on_the_prefectures_host()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync(fixture.PrefectureUrl());
        await page.GetByRole(AriaRole.Link, new() { Name = "金山町" }).ClickAsync();

        await page.ReachedAsync("**/t/kaneyama/");
        Assert.Contains("金山町", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task English_is_one_click_away_and_is_remembered()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl("kaneyama"));

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await page.ReachedAsync("**?lang=en");
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Contains("Kaneyama Town", await page.Locator("h1").InnerTextAsync());

        await page.GotoAsync(fixture.TownUrl("kaneyama"));
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
    }

    [Fact]
    public async Task The_first_Tab_reveals_a_skip_link_that_moves_focus_to_the_content()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl("kaneyama"));

        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator(".skip-link");
        Assert.True(await skip.EvaluateAsync<bool>("e => e === document.activeElement"));
        Assert.True(await skip.IsVisibleAsync());
        await page.Keyboard.PressAsync("Enter");

        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }

    [Theory]
    [InlineData("kaneyama", "/")]
    [InlineData("kaneyama", "/?lang=en")]
    [InlineData("okura", "/")]
    [InlineData(null, "/")]
    public async Task Every_shell_page_has_no_WCAG_2_1_A_or_AA_violations(string? slug, string path)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(slug is null ? fixture.PrefectureUrl(path) : fixture.TownUrl(slug, path));

        await Accessibility.AssertNoViolations(page);
    }

    [Theory]
    [InlineData("#2E6B30", "#FFFFFF")]
    [InlineData("#F4D03F", "#000000")]
    [InlineData("#FFFFFF", "#000000")]
    [InlineData("#000000", "#FFFFFF")]
    public void The_text_colour_on_a_brand_colour_keeps_AA_contrast(string background, string expected)
    {
        Assert.Equal(expected, BrandColors.TextOn(background));
        Assert.True(BrandColors.ContrastRatio(background, expected) >= 4.5);
    }
}
