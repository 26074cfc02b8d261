using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Onboarding;
using SharedServices.Portal.Features.ServiceApi;

namespace SharedServices.Portal.Pages.Prefecture.Towns;

/// <summary>
/// /Prefecture/Towns/{code} (市町村の状況): a town as the prefecture onboarded it and each service's
/// provisioning — whether the tenant events reached it yet — refreshed every two seconds until all are
/// ready (a new town is live within seconds, without restarting anything).
/// </summary>
public sealed class TownModel(OnboardingClient api, Provisioning provisioning) : ServiceApiPageModel
{
    public TownRecord? Town { get; private set; }

    public IReadOnlyList<Provisioning.ServiceState> States { get; private set; } = [];

    public bool Onboarded { get; private set; }

    public bool LogoRefused { get; private set; }

    public bool AllReady => States.Count > 0 && States.All(s => s.Ready);

    public async Task<IActionResult> OnGetAsync(string code, bool onboarded, bool logoRefused, CancellationToken ct)
    {
        (Onboarded, LogoRefused) = (onboarded, logoRefused);
        var town = await api.TownAsync(code, ct);
        if (town.Problem is { } problem)
        {
            return Failed(problem);
        }
        Town = town.Value!;
        States = await provisioning.StatesAsync(Town.Code, Town.Version, Town.EnabledServices, ct);
        if (!AllReady)
        {
            Response.Headers["Refresh"] = "2"; // until every service has taken the town up: look again in two seconds
        }
        return Page();
    }
}
