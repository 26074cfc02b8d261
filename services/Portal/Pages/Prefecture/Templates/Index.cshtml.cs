using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Prefecture.Templates;

/// <summary>/Prefecture/Templates (県 共通様式): the prefecture's shared form templates, each leading to its rollout.</summary>
public sealed class IndexModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public IReadOnlyList<TemplateSummary> Templates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var templates = await Api.TemplatesAsync(ct);
        if (templates.Problem is { } problem)
        {
            return Failed(problem);
        }
        Templates = templates.Value!;
        return Page();
    }
}
