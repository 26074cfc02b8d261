using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SharedServices.Web;

namespace SharedServices.Tenancy;

public static class TenantEndpointExtensions
{
    /// <summary>Endpoints of this group serve one town: without a resolved town they answer 404.</summary>
    public static TBuilder RequireTenant<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<ResolvedTenant>() is null
                ? Problems.Result(StatusCodes.Status404NotFound, "No town in the address",
                    "Use the town's own address: https://{town}.<host>/… or /t/{town}/….")
                : await next(context));

    /// <summary>The town this request was resolved to; only inside <see cref="RequireTenant"/> endpoints.</summary>
    public static TenantInfo Tenant(this HttpContext context) =>
        context.Features.Get<ResolvedTenant>()?.Tenant ?? throw new MissingTenantException();
}
