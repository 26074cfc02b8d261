using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Console.Helpers;

/// <summary>
/// /Console/Helpers (支援者の登録): the town's helpers by status: requests to approve (which gives the
/// helper their code, 支援者番号, shown here to pass on), registered helpers, revoked ones; "revoke"
/// with a reason for a registration or a request (every resident's authorisation of it stops at once).
/// </summary>
public sealed class IndexModel(EApplicationClient api) : EApplicationPageModel(api)
{
    /// <summary>The status listed (<see cref="HelperRegistration.Statuses"/>); all when empty.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<HelperRegistration> Helpers { get; private set; } = [];

    /// <summary>What was just done: approved (with the code given), revoked.</summary>
    public string? Done { get; private set; }

    public string? Code { get; private set; }

    /// <summary>The helper a refused revocation was for: its reason field shows the error.</summary>
    public string? Failing { get; private set; }

    public string? Reason { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, string? code, CancellationToken ct)
    {
        Done = done is "approved" or "revoked" ? done : null;
        Code = Done == "approved" && code is { Length: 6 } && code.All(char.IsAsciiDigit) ? code : null;
        return await ListAsync(ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(string id, CancellationToken ct)
    {
        var approved = await Api.ApproveHelperAsync(id, ct);
        return approved.Problem is { } problem
            ? await RefusedAsync(problem, ct)
            : RedirectToPage(new { status = Status, done = "approved", code = approved.Value!.Code });
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, string? reason, CancellationToken ct)
    {
        var revoked = await Api.RevokeHelperAsync(id, reason, ct);
        if (revoked.Ok)
        {
            return RedirectToPage(new { status = Status, done = "revoked" });
        }
        if (revoked.Problem!.Status != StatusCodes.Status400BadRequest)
        {
            return await RefusedAsync(revoked.Problem, ct);
        }
        // The reason again, with the service's message beside it.
        ShowFieldErrors(revoked.Problem);
        Failing = id;
        Reason = reason;
        return await ListAsync(ct);
    }

    /// <summary>The list as it is now (another member of staff may have acted first), what the service refused above it.</summary>
    private async Task<IActionResult> RefusedAsync(ApiProblem refused, CancellationToken ct)
    {
        var shown = await ListAsync(ct);
        return Problem is null ? Failed(refused) : shown;
    }

    private async Task<IActionResult> ListAsync(CancellationToken ct)
    {
        var helpers = await Api.HelpersAsync(Status, ct);
        if (helpers.Problem is { } problem)
        {
            return Failed(problem);
        }
        Helpers = helpers.Value!;
        return Page();
    }

    /// <summary>The errors, linked to the reason of the helper they were about.</summary>
    public IReadOnlyList<(string? Anchor, string Message)> Summary() =>
        [.. Errors.SelectMany(e => e.Value.Select(m => (e.Key == "reason" && Failing is not null ? $"reason-{Failing}" : null, m)))];
}
