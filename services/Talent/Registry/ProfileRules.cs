using MimeKit;

namespace SharedServices.Talent.Registry;

/// <summary>The checks on a profile, each naming its field.</summary>
public static class ProfileRules
{
    public static Dictionary<string, string[]> Problems(ProfileDetails? p)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];
        if (p is null)
        {
            Add("profile", "The profile is missing.");
            return errors;
        }
        if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 100) Add("name", "氏名を100文字以内で入力してください。(A name of 1–100 characters.)");
        if (p.Role is null || !Skills.Roles.ContainsKey(p.Role)) Add("role", $"One of: {string.Join(", ", Skills.Roles.Keys)}.");
        if (p.Skills is null || p.Skills.Count == 0) Add("skills", "少なくとも1つのスキルを選んでください。(At least one skill.)");
        foreach (var skill in p.Skills ?? [])
        {
            if (skill is null || !Skills.All.ContainsKey(skill.Skill ?? "")) Add("skills", $"Unknown skill. One of: {string.Join(", ", Skills.All.Keys)}.");
            else if (skill.Level is < 1 or > Skills.MaxLevel) Add("skills", $"Levels from 1 to {Skills.MaxLevel}.");
        }
        if (p.Skills?.Where(s => s is not null).GroupBy(s => s.Skill).Any(g => g.Count() > 1) == true) Add("skills", "Each skill once.");
        if (p.PublicSectorYears is < 0 or > 60) Add("publicSectorYears", "0 to 60 years.");
        if (p.Availability is null || p.Availability.Count is 0 or > Months.MaxPeriod * 2) Add("availability", $"Hours for 1 to {Months.MaxPeriod * 2} months.");
        foreach (var month in p.Availability ?? [])
        {
            if (month is null || !Months.TryParse(month.Month, out _)) Add("availability", "Months as yyyy-MM.");
            else if (month.Hours is < 0 or > 200) Add("availability", "0 to 200 hours a month.");
        }
        if (p.Availability?.Where(m => m is not null).GroupBy(m => m.Month).Any(g => g.Count() > 1) == true) Add("availability", "Each month once.");
        if (!p.Remote && !p.OnSite) Add("onSite", "リモートか現地のどちらかは可能にしてください。(Remote, on site, or both.)");
        if (string.IsNullOrWhiteSpace(p.Region) || p.Region.Length > 50) Add("region", "A region of 1–50 characters.");
        if (p.RatePerHour is <= 0 or > 100_000) Add("ratePerHour", "時間単価は1円から100,000円です。(From 1 to 100,000 yen an hour.)");
        if (p.Contact is null || p.Contact.Email is null || !MailboxAddress.TryParse(p.Contact.Email, out var address) || !address.Address.Contains('@'))
        {
            Add("contact.email", "A mail address towns with an assignment can write to.");
        }
        if (p.Contact?.Phone is { Length: > 20 }) Add("contact.phone", "At most 20 characters.");
        return errors;
    }
}
