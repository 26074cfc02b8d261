using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Points;

namespace SharedServices.Portal.Pages.Console.Points;

/// <summary>
/// /Console/Points/Templates (県の施策テンプレート): the templates the prefecture offered this town; the town's
/// staff make their own campaign from one with their budget and start date (in preparation, opened on
/// /Console/Points like any campaign).
/// </summary>
public sealed class TemplatesModel(PointsClient api) : PointsPageModel(api)
{
    public IReadOnlyList<OfferedTemplate> Offered { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostUseAsync(string id, long? budget, DateOnly? start, CancellationToken ct)
    {
        if (budget is null)
        {
            Errors["budget-" + id] = [Text("campaigns.required")];
        }
        if (start is null)
        {
            Errors["start-" + id] = [Text("campaigns.required")];
        }
        if (Errors.Count == 0)
        {
            var startAt = new DateTimeOffset(start!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
            var made = await Api.UseTemplateAsync(id, budget!.Value, startAt, ct);
            if (made.Value is not null)
            {
                return RedirectToPage("Index", new { done = "created" });
            }
            if (made.Problem!.Status != StatusCodes.Status400BadRequest)
            {
                return Failed(made.Problem);
            }
            foreach (var (field, messages) in made.Problem.Errors)
            {
                Errors[(field == "budget" ? "budget-" : "start-") + id] = [.. messages.Select(m => Features.ServiceApi.Bilingual.Pick(m, Language))];
            }
        }
        var page = await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var offered = await Api.OfferedTemplatesAsync(ct);
        if (offered.Problem is { } problem)
        {
            return Failed(problem);
        }
        Offered = offered.Value!;
        return Page();
    }

    public string[] ErrorsOf(string field) => Errors.GetValueOrDefault(field) ?? [];
}
