namespace SharedServices.Identity.Accounts;

/// <summary>Who an account belongs to; issued as the <c>role</c> claim (camelCase, e.g. <c>townAdmin</c>).</summary>
public enum AccountKind
{
    /// <summary>The prefecture's platform operator (県の運用担当).</summary>
    Operator,
    /// <summary>A town's administrator (市町村の管理者).</summary>
    TownAdmin,
    /// <summary>A town's staff member (職員).</summary>
    TownStaff,
    /// <summary>A resident of a town (住民).</summary>
    Resident,
    /// <summary>A local merchant taking part in point campaigns (加盟店).</summary>
    Merchant,
    /// <summary>Shared digital talent working for several towns (デジタル人材); belongs to no town.</summary>
    Talent,
}

public static class AccountKinds
{
    /// <summary>The claim value: the kind's name in camelCase.</summary>
    public static string Role(this AccountKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static AccountKind FromRole(string role) =>
        Enum.GetValues<AccountKind>().Single(kind => kind.Role() == role);
}
