using Microsoft.AspNetCore.Mvc.RazorPages;
using SharedServices.Tenancy;

namespace SharedServices.Portal.Pages.Prefecture;

/// <summary>The prefecture console's start: every town of the registry, whatever its status.</summary>
public sealed class IndexModel(ITenantStore tenants) : PageModel
{
    public IReadOnlyList<TenantInfo> Towns { get; private set; } = [];

    public void OnGet() => Towns = [.. tenants.All.OrderBy(t => t.Id)];
}
