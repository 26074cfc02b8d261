using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;

namespace SharedServices.Identity.Server;

/// <summary>
/// An authorization request too broken to send back to its client (no PKCE challenge, unknown
/// client, unregistered redirect URI) is answered to the browser. OpenIddict leaves that page to
/// ASP.NET Core's status code pages: this puts its error and description into the problem details.
/// </summary>
internal static class AuthorizationErrors
{
    public static IServiceCollection AddAuthorizationErrorProblems(this IServiceCollection services) =>
        services.Configure<ProblemDetailsOptions>(options =>
        {
            var before = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                before?.Invoke(context);
                if (context.HttpContext.GetOpenIddictServerResponse() is { Error: { Length: > 0 } error } response)
                {
                    context.ProblemDetails.Title = "Invalid OpenID Connect request";
                    context.ProblemDetails.Detail = response.ErrorDescription;
                    context.ProblemDetails.Extensions["error"] = error;
                }
            };
        });
}
