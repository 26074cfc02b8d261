using SharedServices.Points.Merchants;

namespace SharedServices.Points.Campaigns;

/// <summary>The checks on a campaign's terms, each naming its field, so staff can correct all of them at once.</summary>
public static class CampaignRules
{
    /// <summary>At most 1 billion points (yen) per campaign: far above any town's budget, far below overflow.</summary>
    public const long MaxBudget = 1_000_000_000;

    public const int MaxNameLength = 100;

    public static Dictionary<string, string[]> Problems(CampaignTerms? terms)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];
        if (terms is null)
        {
            Add("terms", "The campaign's terms are missing.");
            return errors;
        }
        if (string.IsNullOrWhiteSpace(terms.Name) || terms.Name.Length > MaxNameLength)
        {
            Add("name", $"名称を{MaxNameLength}文字以内で入力してください。(A name of 1–{MaxNameLength} characters.)");
        }
        if (terms.Purpose is null || terms.Purpose.Length > 1000)
        {
            Add("purpose", "目的は1000文字以内です。(A purpose of at most 1000 characters.)");
        }
        if (!Triggers.All.Contains(terms.Trigger))
        {
            Add("trigger", $"One of: {string.Join(", ", Triggers.All)}.");
        }
        if (terms.Trigger == Triggers.ApplicationApproved && string.IsNullOrWhiteSpace(terms.ProcedureKey))
        {
            Add("procedureKey", "Name the procedure whose approval grants the points (e.g. child-allowance).");
        }
        if (terms.Trigger != Triggers.ApplicationApproved && terms.ProcedureKey is not null)
        {
            Add("procedureKey", "Only a campaign triggered by an approved application names a procedure.");
        }
        if (terms.Budget is <= 0 or > MaxBudget)
        {
            Add("budget", $"予算は1以上{MaxBudget:N0}ポイント以下です。(A budget of 1 to {MaxBudget:N0} points.)");
        }
        if (terms.PointsPerGrant <= 0 || terms.PointsPerGrant > terms.Budget)
        {
            Add("pointsPerGrant", "付与ポイントは1以上、予算以下です。(Points per grant: at least 1, at most the budget.)");
        }
        if (terms.PerResidentCap < terms.PointsPerGrant || terms.PerResidentCap > terms.Budget)
        {
            Add("perResidentCap", "1人あたり上限は付与ポイント以上、予算以下です。(The cap per resident: at least the points per grant, at most the budget.)");
        }
        if (terms.GrantUntil <= terms.GrantFrom)
        {
            Add("grantUntil", "付与期間の終わりは始まりより後です。(The grant window ends after it starts.)");
        }
        if (terms.SpendUntil <= terms.SpendFrom)
        {
            Add("spendUntil", "利用期間の終わりは始まりより後です。(The spend window ends after it starts.)");
        }
        if (terms.SpendUntil < terms.GrantUntil)
        {
            Add("spendUntil", "利用期間は付与期間より後まで続きます。(The spend window lasts at least as long as the grant window.)");
        }
        if (terms.ExpiryDays is <= 0 or > 3660)
        {
            Add("expiryDays", "有効期間は1日から3660日です。(Points are valid 1 to 3660 days.)");
        }
        foreach (var category in terms.AllowedCategories ?? [])
        {
            // A list's items are not checked for null by the JSON reader: ["food", null] arrives as is.
            if (category is null || !MerchantCategories.All.ContainsKey(category))
            {
                Add("allowedCategories", $"Unknown category '{category}'. One of: {string.Join(", ", MerchantCategories.All.Keys)}.");
            }
        }
        var rules = terms.Rules;
        if (rules.MinAge is < 0 or > 130 || rules.MaxAge is < 0 or > 130 || rules.MinAge > rules.MaxAge)
        {
            Add("eligibility.minAge", "Ages from 0 to 130, the lower not above the upper.");
        }
        if (rules.IncomeBrackets is { } brackets && (brackets.Count == 0 || brackets.Any(b => b is < 0 or > 99)))
        {
            Add("eligibility.incomeBrackets", "所得区分 are numbers from 0 to 99; leave the list out for any income.");
        }
        if (rules.ChildrenUnder is <= 0 or > 30)
        {
            Add("eligibility.childrenUnder", "A child's age limit from 1 to 30 years.");
        }
        if (rules.MinAssurance is { } level && level is < 1 or > 3)
        {
            Add("eligibility.minAssurance", "An assurance level of 1, 2 or 3.");
        }
        if (rules.MinAssurance is > 1 && terms.Trigger != Triggers.Enrolment)
        {
            Add("eligibility.minAssurance", "Only an enrolment campaign can require an assurance level: it is known when the resident signs in.");
        }
        return errors;
    }
}
