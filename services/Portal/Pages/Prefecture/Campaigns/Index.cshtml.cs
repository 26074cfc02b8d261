using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Points;
using SharedServices.Tenancy;

namespace SharedServices.Portal.Pages.Prefecture.Campaigns;

/// <summary>
/// /Prefecture/Campaigns (施策テンプレート): the prefecture writes a campaign template (the terms without a
/// budget or dates, the periods in days) and offers it to the towns taking part in local points; each
/// template shows the towns it is offered to.
/// </summary>
public sealed class IndexModel(PointsClient api, ITenantStore towns) : PointsPageModel(api)
{
    protected override bool TownPage => false;

    public IReadOnlyList<CampaignTemplateView> Templates { get; private set; } = [];

    public IReadOnlyList<TenantInfo> PointsTowns =>
        [.. towns.All.Where(t => t.IsActive && t.EnabledServices.Contains(Service)).OrderBy(t => t.Id, StringComparer.Ordinal)];

    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string Purpose { get; set; } = "";
    [BindProperty] public long? PointsPerGrant { get; set; }
    [BindProperty] public long? PerResidentCap { get; set; }
    [BindProperty] public int? GrantDays { get; set; } = 90;
    [BindProperty] public int? SpendDays { get; set; } = 180;
    [BindProperty] public int? ExpiryDays { get; set; }

    public string? Done { get; private set; }

    public Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "created" or "offered" ? done : null;
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var required = Text("campaigns.required");
        foreach (var (key, missing) in new[] { ("name", string.IsNullOrWhiteSpace(Name)), ("pointsPerGrant", PointsPerGrant is null), ("grantDays", GrantDays is null), ("spendDays", SpendDays is null) })
        {
            if (missing)
            {
                Errors[key] = [required];
            }
        }
        if (Errors.Count == 0)
        {
            var created = await Api.CreateCampaignTemplateAsync(new CampaignTemplateTerms(Name.Trim(), Purpose ?? "", "enrolment", PointsPerGrant!.Value,
                PerResidentCap ?? PointsPerGrant.Value, GrantDays!.Value, SpendDays!.Value, ExpiryDays: ExpiryDays), ct);
            if (created.Value is not null)
            {
                return RedirectToPage(new { done = "created" });
            }
            if (created.Problem!.Status != StatusCodes.Status400BadRequest)
            {
                return Failed(created.Problem);
            }
            ShowFieldErrors(created.Problem);
        }
        var page = await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    public async Task<IActionResult> OnPostOfferAsync(string id, string[]? offerTo, CancellationToken ct)
    {
        if (offerTo is not { Length: > 0 })
        {
            Errors["offer-" + id] = [Text("templates.chooseTowns")];
            var page = await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        var offered = await Api.OfferCampaignTemplateAsync(id, offerTo, ct);
        return offered.Problem is { } problem ? Failed(problem) : RedirectToPage(new { done = "offered" });
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var templates = await Api.CampaignTemplatesAsync(ct);
        if (templates.Problem is { } problem)
        {
            return Failed(problem);
        }
        Templates = templates.Value!;
        if (string.IsNullOrEmpty(Purpose))
        {
            Purpose = "";
        }
        return Page();
    }

    public string TownName(string code) => towns.FindById(code) is { } town ? (Language == "en" ? town.NameEn : town.NameJa) : code;

    public string[] ErrorsOf(string field) => Errors.GetValueOrDefault(field) ?? [];
}
