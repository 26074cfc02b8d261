using Microsoft.Playwright;
using SharedServices.Testing;

namespace SharedServices.Portal.Tests;

/// <summary>
/// Every form of the portal's pages, as the people who see them, filled with hostile text and sent in a real browser
/// (issue 9). Every field gets it: hidden fields too (the antiforgery token aside), choices get a value that was
/// never offered, number and date fields turn into text fields, and the browser's own checks are off, so the server
/// sees what an attacker would send. Each submit button of each form is tried. Expected: no answer of 500 or more, and
/// no script the input smuggled in ever runs (an <c>alert</c> would show as a dialog). A class fixture of its own:
/// some hostile values are valid enough to be kept (a helper's name, a campaign's pause reason).
/// </summary>
public sealed class FormFuzzTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    /// <summary>Hostile text, three at a time so the run stays short: markup and injection; control characters; length.</summary>
    private static readonly (string Name, string Value)[] Hostile =
    [
        ("script, markup and SQL", "\"><script>alert('xss')</script><img src=x onerror=alert(1)><svg onload=alert(2)>'; DROP TABLE mt_events; --"),
        ("control characters", "\u0000\u0001\u001f\u202Eevil\u202C 𠮷 🍣 ｶﾅ %00 ../../etc/passwd {{7*7}} ${jndi:ldap://x}"),
        ("10,000 characters", new string('長', 10_000)),
    ];

    private const string Forms = """
        () => [...document.querySelectorAll('form')]
            .filter(f => f.method.toLowerCase() === 'post' && !f.action.includes('/signout'))
            .map(f => Math.max(1, f.querySelectorAll('button[type=submit], button:not([type]), input[type=submit]').length))
        """;

    private const string FillAndSubmit = """
        ([formIndex, buttonIndex, value]) => {
            const form = [...document.querySelectorAll('form')]
                .filter(f => f.method.toLowerCase() === 'post' && !f.action.includes('/signout'))[formIndex];
            form.noValidate = true;
            for (const field of [...form.elements]) {
                const tag = field.tagName.toLowerCase(), type = (field.type || '').toLowerCase();
                if (field.name === '__RequestVerificationToken' || !field.name || tag === 'button'
                    || ['submit', 'button', 'reset', 'file', 'image'].includes(type)) continue;
                if (type === 'checkbox' || type === 'radio') { field.checked = true; continue; }
                if (tag === 'select') { field.add(new Option(value, value)); field.value = value; continue; }
                if (tag === 'input' && type !== 'hidden') field.type = 'text';
                field.removeAttribute('maxlength');
                field.value = value;
            }
            const buttons = [...form.querySelectorAll('button[type=submit], button:not([type]), input[type=submit]')];
            form.requestSubmit(buttons[buttonIndex]);
        }
        """;

    [Fact]
    public async Task Hostile_text_in_every_form_is_refused_or_kept_as_text_never_a_500_or_a_running_script()
    {
        var resident = await fixture.NewKaneyamaResidentAsync("フォーム 検査");
        var application = await fixture.AppliedForWaterAsync("フォーム 申請");
        await fixture.OpenedCampaignAsync("フォーム検査の応援");
        var (merchant, _) = await fixture.RegisteredMerchantAsync("フォーム商店");
        var talent = await fixture.NewTalentAsync("フォーム 人材");
        await fixture.OnboardAsync("064611", "yuza", "Yuza Town", "points"); // its lifecycle page suspends and offboards
        var sessions = new (string Who, Func<string, Task<IPage>> SignIn, string[] Urls)[]
        {
            ("resident", url => fixture.SignedInAsync(url, resident, PortalFixture.ResidentPassword),
                [fixture.TownUrl("kaneyama", "/Resident/Apply/water-service"), fixture.TownUrl("kaneyama", "/Resident/Helpers"),
                 fixture.TownUrl("kaneyama", "/Resident/Helping"), fixture.TownUrl("kaneyama", "/Resident/Points"),
                 fixture.TownUrl("kaneyama", "/Resident/Points/Pay")]),
            ("town staff", url => fixture.SignedInAsync(url, TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword, fixture.StaffApp),
                [fixture.TownUrl("kaneyama", $"/Console/Applications/{application}"), fixture.TownUrl("kaneyama", "/Console/Counter")]),
            ("town admin", url => fixture.SignedInAsync(url, TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, fixture.AdminApp),
                [fixture.TownUrl("kaneyama", "/Console/Helpers"), fixture.TownUrl("kaneyama", "/Console/Points"),
                 fixture.TownUrl("kaneyama", "/Console/Points/Cards"), fixture.TownUrl("kaneyama", "/Console/Points/Templates"),
                 fixture.TownUrl("kaneyama", "/Console/Talent")]),
            ("merchant", url => fixture.SignedInAsync(url, merchant, PortalFixture.ResidentPassword), [fixture.PrefectureUrl("/Merchant")]),
            ("talent", url => fixture.SignedInAsync(url, talent, PortalFixture.ResidentPassword), [fixture.PrefectureUrl("/Talent")]),
            ("operator", url => fixture.SignedInAsync(url, PortalFixture.OperatorLogin, PortalFixture.OperatorPassword, fixture.OperatorApp),
                [fixture.PrefectureUrl("/Prefecture/Towns/New"), fixture.PrefectureUrl("/Prefecture/Towns/Bulk"),
                 fixture.PrefectureUrl("/Prefecture/Campaigns"), fixture.PrefectureUrl("/Prefecture/Templates/dog-registration"),
                 fixture.PrefectureUrl("/Prefecture/Talent"), fixture.PrefectureUrl("/Prefecture/Towns/064611/Lifecycle")]),
        };

        var failures = new List<string>();
        var submissions = 0;
        var forms = 0;
        foreach (var (who, signIn, urls) in sessions)
        {
            var page = await signIn(urls[0]);
            var where = "";
            page.Dialog += async (_, dialog) =>
            {
                failures.Add($"{who} {where}: a script ran ({dialog.Type} \"{dialog.Message}\")");
                await dialog.DismissAsync();
            };
            page.Response += (_, response) =>
            {
                if (response.Status >= 500)
                {
                    failures.Add($"{who} {where}: {response.Request.Method} {response.Url} answered {response.Status}");
                }
            };
            foreach (var url in urls)
            {
                where = url;
                await page.GotoAsync(url);
                await page.ReachedAsync(url);
                var buttons = await page.EvaluateAsync<int[]>(Forms);
                forms += buttons.Length;
                TestContext.Current.TestOutputHelper?.WriteLine($"{who} {url}: {buttons.Length} forms ({string.Join(", ", buttons)} buttons)");
                for (var form = 0; form < buttons.Length; form++)
                {
                    for (var button = 0; button < buttons[form]; button++)
                    {
                        foreach (var (name, value) in Hostile)
                        {
                            where = $"{url} form {form + 1} button {button + 1} with {name}";
                            await page.GotoAsync(url);
                            await page.ReachedAsync(url);
                            if ((await page.EvaluateAsync<int[]>(Forms)).Length <= form)
                            {
                                // An earlier submission was kept and took the form away (e.g. the campaign was joined).
                                continue;
                            }
                            var posted = await page.RunAndWaitForResponseAsync(
                                () => page.EvaluateAsync(FillAndSubmit, new object[] { form, button, value }),
                                r => r.Request.Method == "POST" && r.Request.IsNavigationRequest);
                            submissions++;
                            await SettledAsync(page);
                            if (posted.Status >= 500)
                            {
                                failures.Add($"{who} {where}: POST answered {posted.Status}");
                            }
                        }
                    }
                }
            }
            await page.CloseAsync();
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{sessions.Sum(s => s.Urls.Length)} pages, {forms} forms, {submissions} hostile submissions, {failures.Count} failures"
            + string.Concat(failures.Distinct().Take(40).Select(f => "\n" + f)));
        Assert.True(forms >= 16, $"only {forms} forms found: the pages did not load as expected");
        Assert.True(failures.Count == 0, $"{failures.Count} failures in {submissions} submissions:\n" + string.Join('\n', failures.Distinct().Take(40)));
    }

    /// <summary>The page after the submission (and any redirect) is parsed, so its scripts, if any, have had their chance.</summary>
    private static async Task SettledAsync(IPage page)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await page.WaitForFunctionAsync("() => document.readyState !== 'loading'", null, new() { PollingInterval = 100 });
                return;
            }
            catch (PlaywrightException) when (attempt < 5)
            {
                // The redirect after the POST replaced the document while it was asked: ask the new one.
                await Task.Delay(200);
            }
        }
    }
}
