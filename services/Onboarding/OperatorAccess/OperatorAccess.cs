using System.Security.Claims;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Onboarding.OperatorAccess;

/// <summary>
/// Who may use <c>/operator</c>: a prefecture operator signed in through the identity service (a
/// bearer token with role <c>operator</c> and this prefecture's code as tenant). Other signed-in
/// users get 403, anonymous callers 401; there is no other way in (the quick start's demo towns are
/// onboarded at start-up by <see cref="Seeding.DemoTowns"/>, not through this API). Accepted requests run in the
/// prefecture's own tenant scope (the prefecture is the operator), set before the endpoint's
/// Marten session is created.
/// </summary>
public static class OperatorAccess
{
    public const string PathPrefix = "/operator";

    public static WebApplication UseOperatorAccess(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments(PathPrefix), branch => branch.Use(async (http, next) =>
        {
            var configuration = http.RequestServices.GetRequiredService<IConfiguration>();
            var prefecture = configuration.GetPrefectureCode();

            if (!IsOperatorOf(http.User, prefecture))
            {
                var signedIn = http.User.Identity?.IsAuthenticated == true;
                await Problems.Write(http,
                    signedIn ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized,
                    signedIn ? "Operators only" : "Sign-in required",
                    signedIn
                        ? "Only the prefecture's operators can manage its towns."
                        : "Sign in as a prefecture operator: send the identity service's access token as a Bearer token.");
                return;
            }

            using var scope = CurrentTenant.Change(prefecture, http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(nameof(OperatorAccess)));
            await next(http);
        }));
        return app;
    }

    private static bool IsOperatorOf(ClaimsPrincipal user, string prefecture) =>
        user.IsInRole(PlatformRoles.Operator) && user.FindFirstValue(TenantClaim.Type) == prefecture;

    public static string GetPrefectureCode(this IConfiguration configuration) =>
        configuration["Platform:PrefectureCode"] is { } code && MunicipalityCode.IsValid(code)
            ? code
            : throw new InvalidOperationException("Platform:PrefectureCode must be the prefecture's 地方公共団体コード.");
}
