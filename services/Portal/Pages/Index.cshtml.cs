using Microsoft.AspNetCore.Mvc.RazorPages;
using SharedServices.Tenancy;

namespace SharedServices.Portal.Pages;

/// <summary>A town's home page, or (without a town in the address) the prefecture's list of towns.</summary>
public sealed class IndexModel(ITenantStore tenants) : PageModel
{
    public IReadOnlyList<TenantInfo> Towns { get; private set; } = [];

    public void OnGet()
    {
        Towns = [.. tenants.All.Where(t => t.IsActive).OrderBy(t => t.Id)];
    }
}
