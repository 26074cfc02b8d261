using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident.Applications;

/// <summary>/Resident/Applications: the resident's applications in this town, newest first, with their status.</summary>
public sealed class IndexModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public IReadOnlyList<MyApplication> Applications { get; private set; } = [];

    /// <summary>Procedure titles by key (a withdrawn procedure shows its key).</summary>
    public IReadOnlyDictionary<string, string> Titles { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var mine = await Api.MineAsync(ct);
        if (mine.Problem is { } problem)
        {
            return Failed(problem);
        }
        Applications = mine.Value!;
        var procedures = await Api.ProceduresAsync(ct);
        Titles = (procedures.Value ?? []).ToDictionary(p => p.Key, p => p.Title?.In(Language) ?? p.Key);
        return Page();
    }

    public string TitleOf(string key) => Titles.GetValueOrDefault(key, key);
}
