using System.Security.Cryptography;
using System.Text;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Onboarding.OperatorAccess;

/// <summary>
/// DEVELOPMENT ONLY stand-in for prefecture operator sign-in until the identity service (SSO) exists:
/// a request under <c>/operator</c> must carry <c>X-Dev-Operator-Key</c> equal to
/// <c>Onboarding:DevOperatorKey</c>. Outside the Development environment it is off and every operator
/// request is refused with 401. Accepted requests run in the prefecture's own tenant scope (the
/// prefecture is the operator), set here, before the endpoint's Marten session is created.
/// </summary>
public static class DevelopmentOperatorKey
{
    public const string Header = "X-Dev-Operator-Key";
    public const string PathPrefix = "/operator";

    public static WebApplication UseOperatorAccess(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments(PathPrefix), branch => branch.Use(async (http, next) =>
        {
            var environment = http.RequestServices.GetRequiredService<IHostEnvironment>();
            var configuration = http.RequestServices.GetRequiredService<IConfiguration>();
            var expected = configuration["Onboarding:DevOperatorKey"];
            var given = http.Request.Headers[Header].ToString();

            if (!environment.IsDevelopment() || string.IsNullOrEmpty(expected))
            {
                await Problems.Write(http, StatusCodes.Status401Unauthorized, "Operator sign-in unavailable",
                    "Prefecture operator sign-in is not configured for this environment.");
                return;
            }
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            {
                await Problems.Write(http, StatusCodes.Status401Unauthorized, "Operator key required",
                    $"Send the development operator key in the {Header} header.");
                return;
            }

            using var prefecture = CurrentTenant.Change(configuration.GetPrefectureCode());
            await next(http);
        }));
        return app;
    }

    public static string GetPrefectureCode(this IConfiguration configuration) =>
        configuration["Platform:PrefectureCode"] is { } code && MunicipalityCode.IsValid(code)
            ? code
            : throw new InvalidOperationException("Platform:PrefectureCode must be the prefecture's 地方公共団体コード.");
}
