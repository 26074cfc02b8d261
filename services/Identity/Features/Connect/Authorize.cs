using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Primitives;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SharedServices.Identity.Features.Connect;

/// <summary>
/// GET/POST /connect/authorize: a signed-in account gets its code at once (every client is
/// first-party, so there is no consent screen); anyone else is sent to /Account/Login and back.
/// An account that needs a second factor gets no code from a session without one: it is sent
/// through the TOTP step first.
/// A request naming a town (<c>tenant</c>, see <see cref="SignInTown"/>) does not accept a session of
/// another town's account: that session ends, and the sign-in page asks again.
/// </summary>
public static class Authorize
{
    public static async Task<IResult> Handle(
        HttpContext http, IdentityDatabase database, IOpenIddictApplicationManager applications,
        IOpenIddictScopeManager scopes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("OpenIddict passes only authorization requests through here.");

        var session = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var account = session.Succeeded ? await database.FindAccountAsync(session.Principal, cancellationToken) : null;
        if (account is not null && !account.MaySignInAt(SignInTown.Parse(request.GetParameter(SignInTown.Parameter)?.ToString())))
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            account = null;
        }
        if (account is null || account.IsLockedOut(clock.GetUtcNow()) || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return ConnectApi.Refuse(Errors.LoginRequired, "The user is not signed in.");
            }
            return Results.Challenge(
                new AuthenticationProperties { RedirectUri = WithoutPromptLogin(http.Request) },
                [CookieAuthenticationDefaults.AuthenticationScheme]);
        }

        if (!BrowserSession.Satisfies(session.Principal!, account))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return ConnectApi.Refuse(Errors.InteractionRequired, "The account needs a second factor (TOTP) first.");
            }
            return Results.Redirect(await PendingSignIn.StartAsync(http, account, WithoutPromptLogin(http.Request)));
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
            ?? throw new InvalidOperationException("OpenIddict has already checked that the client exists.");
        if (!await applications.HasConsentTypeAsync(application, ConsentTypes.Implicit, cancellationToken))
        {
            return ConnectApi.Refuse(Errors.ConsentRequired, "This client is not a first-party client of the platform.");
        }

        var granted = request.GetScopes();
        var resources = await scopes.ListResourcesAsync(granted, cancellationToken).ToListAsync(cancellationToken);
        return ConnectApi.Issue(AccountClaims.For(account, granted, resources, BrowserSession.MethodsOf(session.Principal!)));
    }

    // Back from the login page the request must not ask for a login again, or it would loop.
    private static string WithoutPromptLogin(HttpRequest request)
    {
        var parameters = (request.HasFormContentType ? request.Form.AsEnumerable() : request.Query)
            .Where(p => p.Key != Parameters.Prompt)
            .ToList();
        var prompt = request.HasFormContentType ? request.Form[Parameters.Prompt] : request.Query[Parameters.Prompt];
        var rest = string.Join(' ', prompt.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(v => v != PromptValues.Login));
        if (rest.Length > 0)
        {
            parameters.Add(new(Parameters.Prompt, new StringValues(rest)));
        }
        return request.PathBase + request.Path + QueryString.Create(parameters);
    }
}
