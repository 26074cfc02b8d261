using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SharedServices.Portal.Pages;

/// <summary>
/// /signin: off to the identity service, and back to <c>returnUrl</c> (a page of this town only)
/// or the town's home. A plain link, so it works without JavaScript.
/// </summary>
public sealed class SignInModel : PageModel
{
    public IActionResult OnGet(string? returnUrl) =>
        Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(returnUrl) ? returnUrl : Url.Content("~/") },
            OpenIdConnectDefaults.AuthenticationScheme);
}
