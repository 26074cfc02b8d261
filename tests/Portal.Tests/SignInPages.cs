using Microsoft.Playwright;

namespace SharedServices.Portal.Tests;

/// <summary>The identity service's sign-in pages, as a person fills them in.</summary>
public static class SignInPages
{
    public static async Task SubmitLogin(IPage page, string login, string password)
    {
        await page.WaitForSelectorAsync("input[name=LoginName]");
        await page.FillAsync("input[name=LoginName]", login);
        await page.FillAsync("input[name=Password]", password);
        await page.Locator("form button[type=submit]").ClickAsync();
    }

    public static async Task SubmitCode(IPage page, string code)
    {
        await page.WaitForSelectorAsync("input[name=Code]");
        await page.FillAsync("input[name=Code]", code);
        await page.Locator("form button[type=submit]").ClickAsync();
    }
}
