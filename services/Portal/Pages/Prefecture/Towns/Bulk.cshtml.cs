using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SharedServices.Portal.Features.Onboarding;
using SharedServices.Portal.Features.ServiceApi;

namespace SharedServices.Portal.Pages.Prefecture.Towns;

/// <summary>
/// /Prefecture/Towns/Bulk (市町村の一括登録): the operator pastes or uploads a CSV of towns; each row is
/// checked first (nothing changes) and shown with its problems by column; a file without problems is then
/// applied, every town at once.
/// </summary>
[RequestSizeLimit(2 * MaxFileBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * MaxFileBytes + 64 * 1024, ValueLengthLimit = MaxFileBytes * 2)]
public sealed class BulkModel(OnboardingClient api) : ServiceApiPageModel
{
    /// <summary>
    /// The onboarding service's limit for a file of towns (1 MB); the page takes a request of twice that
    /// (text pasted and a file chosen), above the platform's usual 256 KB.
    /// </summary>
    public const int MaxFileBytes = 1024 * 1024;

    public string Csv { get; private set; } = "";

    public BulkResult? Checked { get; private set; }

    public int? Applied { get; private set; }

    public void OnGet(int? applied) => Applied = applied;

    public async Task<IActionResult> OnPostCheckAsync(string? csv, IFormFile? file, CancellationToken ct)
    {
        if (file is { Length: > 0 })
        {
            if (file.Length > MaxFileBytes)
            {
                return Refuse("file", "bulk.tooLarge");
            }
            try
            {
                // Strictly UTF-8: a Shift_JIS file (Excel's plain 「CSV」) is said to be one, not shown garbled.
                using var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true));
                csv = await reader.ReadToEndAsync(ct);
            }
            catch (DecoderFallbackException)
            {
                return Refuse("file", "bulk.notUtf8");
            }
        }
        if (string.IsNullOrWhiteSpace(csv))
        {
            return Refuse("csv", "bulk.csvRequired");
        }
        Csv = csv;
        if (Encoding.UTF8.GetByteCount(csv) > MaxFileBytes)
        {
            return Refuse("csv", "bulk.tooLarge");
        }
        return await CheckAsync(ct);
    }

    public async Task<IActionResult> OnPostApplyAsync(string? csv, CancellationToken ct)
    {
        Csv = csv ?? "";
        var applied = await api.BulkAsync(Csv, dryRun: false, ct);
        if (applied.Value is { } result)
        {
            return RedirectToPage(new { applied = result.Towns?.Count ?? result.Rows });
        }
        if (applied.Problem is { Status: StatusCodes.Status422UnprocessableEntity or StatusCodes.Status409Conflict or StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge })
        {
            // Something changed since the check (or the file was altered): check again and show why.
            Problem = applied.Problem;
            return await CheckAsync(ct);
        }
        return Failed(applied.Problem!);
    }

    private async Task<IActionResult> CheckAsync(CancellationToken ct)
    {
        var checkedRows = await api.BulkAsync(Csv, dryRun: true, ct);
        if (checkedRows.Problem is { Status: StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge } unreadable)
        {
            ShowFieldErrors(unreadable);
            if (Errors.Remove("file", out var fileErrors))
            {
                Errors["csv"] = fileErrors; // the file's problem, beside the text it came from
            }
            else if (unreadable.Detail is { } detail && Errors.Count == 0)
            {
                Problem = null;
                Errors["csv"] = [Bilingual.Pick(detail, Language)];
            }
            Response.StatusCode = unreadable.Status;
            return Page();
        }
        if (checkedRows.Problem is { } problem)
        {
            return Failed(problem);
        }
        Checked = checkedRows.Value!;
        return Page();
    }

    private PageResult Refuse(string field, string text)
    {
        Errors[field] = [Shell.PortalTexts.Get(text, Language)];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
