using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SharedServices.Portal.Pages;

/// <summary>
/// POST /signout (a form with an antiforgery token, so no other site can sign anyone out): ends the
/// town's session here and at the identity service, which sends the browser back to the town's home.
/// </summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(Url.Content("~/"));

    public IActionResult OnPost() =>
        User.Identity?.IsAuthenticated == true
            ? SignOut(new AuthenticationProperties { RedirectUri = Url.Content("~/") },
                CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme)
            : LocalRedirect(Url.Content("~/"));
}
