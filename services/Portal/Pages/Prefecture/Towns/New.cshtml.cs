using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using SharedServices.Contracts.Tenancy;
using SharedServices.Portal.Features.Onboarding;
using SharedServices.Portal.Features.ServiceApi;

namespace SharedServices.Portal.Pages.Prefecture.Towns;

/// <summary>
/// /Prefecture/Towns/New (市町村の登録): the 地方公共団体コード (its names looked up in the national list; a
/// wrong check digit or another prefecture's town said beside it), the address (slug), names, brand colours
/// with a preview of the town's portal header, the services, the first administrator. Works without
/// JavaScript (each look-up and preview is a submit); a small script updates the preview as colours change.
/// Onboarded: on to the town's page, which shows each service taking it up.
/// </summary>
public sealed partial class NewModel(OnboardingClient api) : ServiceApiPageModel
{
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty] public string Slug { get; set; } = "";
    [BindProperty] public string NameJa { get; set; } = "";
    [BindProperty] public string NameEn { get; set; } = "";
    [BindProperty] public string PrimaryColor { get; set; } = "#1F5FA8";
    [BindProperty] public string AccentColor { get; set; } = "#F2F6FB";
    [BindProperty] public List<string> Services { get; set; } = [];
    [BindProperty] public string AdminEmail { get; set; } = "";
    [BindProperty] public string AdminName { get; set; } = "";

    public string? LookedUp { get; private set; }

    /// <summary>Empty fields come back as empty text, not null (model binding's default), so the form shows them as typed.</summary>
    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        (Code, Slug, NameJa, NameEn) = (Code ?? "", Slug ?? "", NameJa ?? "", NameEn ?? "");
        (PrimaryColor, AccentColor, AdminEmail, AdminName) = (PrimaryColor ?? "#1F5FA8", AccentColor ?? "#F2F6FB", AdminEmail ?? "", AdminName ?? "");
        Services ??= [];
    }

    public void OnGet()
    {
    }

    /// <summary>Fills the names from the national list (総務省 全国地方公共団体コード).</summary>
    public async Task<IActionResult> OnPostLookUpAsync(CancellationToken ct)
    {
        var entry = await api.CatalogueAsync(Code.Trim(), ct);
        if (entry.Value is { } found)
        {
            (NameJa, LookedUp) = (found.Name, $"{found.Prefecture} {found.Name}（{found.Type}）");
            if (Slug.Length == 0 && Romaji().Match(NameEn) is { Success: true })
            {
                Slug = NameEn.ToLowerInvariant().Split(' ')[0];
            }
        }
        else if (entry.Problem is { Status: StatusCodes.Status400BadRequest or StatusCodes.Status404NotFound } problem)
        {
            Errors["code"] = problem.Errors.GetValueOrDefault("code") is { } messages ? [.. messages.Select(m => Bilingual.Pick(m, Language))]
                : [Bilingual.Pick(problem.Detail ?? "", Language)];
        }
        else
        {
            return Failed(entry.Problem!);
        }
        return Page();
    }

    /// <summary>Shows the preview in the colours chosen (without JavaScript).</summary>
    public IActionResult OnPostPreview() => Page();

    public const int MaxLogoBytes = 200 * 1024;

    public async Task<IActionResult> OnPostOnboardAsync(IFormFile? logo, CancellationToken ct)
    {
        if (logo is { Length: > MaxLogoBytes })
        {
            Errors["logo"] = [Shell.PortalTexts.Get("wizard.logo.tooLarge", Language)];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var admin = AdminEmail.Trim().Length == 0 && AdminName.Trim().Length == 0 ? null : new NewTownAdmin(AdminEmail.Trim(), AdminName.Trim());
        var onboarded = await api.OnboardAsync(new NewTown(Code.Trim(), Slug.Trim(), NameJa.Trim() is { Length: > 0 } ja ? ja : null,
            NameEn.Trim() is { Length: > 0 } en ? en : null, new NewTownBranding(PrimaryColor, AccentColor), Services, admin), ct);
        if (onboarded.Value is { } town)
        {
            var logoRefused = false;
            if (logo is { Length: > 0 })
            {
                using var read = new MemoryStream();
                await logo.CopyToAsync(read, ct);
                logoRefused = !(await api.UploadLogoAsync(town.Code, read.ToArray(), logo.ContentType, ct)).Ok;
            }
            return RedirectToPage("Town", new { code = town.Code, onboarded = true, logoRefused = logoRefused ? true : (bool?)null });
        }
        var problem = onboarded.Problem!;
        if (problem.Status == StatusCodes.Status400BadRequest)
        {
            ShowFieldErrors(problem);
            foreach (var (api, page) in new[] { ("branding.primaryColor", "primaryColor"), ("branding.accentColor", "accentColor"),
                ("enabledServices", "services"), ("firstAdmin.email", "adminEmail"), ("firstAdmin.displayName", "adminName") })
            {
                if (Errors.Remove(api, out var moved))
                {
                    Errors[page] = moved;
                }
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (problem.Status == StatusCodes.Status409Conflict)
        {
            Errors["code"] = [Bilingual.Pick(problem.Detail ?? problem.Title, Language)];
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return Failed(problem);
    }

    public static IReadOnlyList<string> AllServices => PlatformServices.All;

    public string[] ErrorsOf(string field) => Errors.GetValueOrDefault(field) ?? [];

    [GeneratedRegex("^[A-Za-z]+")]
    private static partial Regex Romaji();
}
