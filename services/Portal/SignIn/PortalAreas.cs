using Microsoft.AspNetCore.Authorization;
using SharedServices.Tenancy;

namespace SharedServices.Portal.SignIn;

/// <summary>
/// The portal's areas, each an authorization policy of the same name and a folder of pages:
/// the resident portal (マイページ) and the town console (町村の管理画面) under a town's address, the
/// prefecture console (県の管理画面), the merchants' page (加盟店, registered prefecture-wide) and the
/// talent's page (デジタル人材, who work for several towns) at the platform's plain address.
/// </summary>
public static class PortalAreas
{
    public const string Resident = "Resident";
    public const string TownConsole = "Console";
    public const string PrefectureConsole = "Prefecture";
    public const string Merchant = "Merchant";
    public const string Talent = "Talent";
}

/// <summary>The area exists only under a town's address (true) or only at the plain address (false).</summary>
public sealed record TownAddressedRequirement(bool TownAddressed) : IAuthorizationRequirement;

public sealed class TownAddressedHandler(IHttpContextAccessor accessor) : AuthorizationHandler<TownAddressedRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TownAddressedRequirement requirement)
    {
        var townAddressed = accessor.HttpContext?.Features.Get<ResolvedTenant>() is not null;
        if (townAddressed == requirement.TownAddressed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
