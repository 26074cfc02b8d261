namespace SharedServices.Talent.Registry;

/// <summary>
/// The skill taxonomy, seeded from the categories of the デジタル人材 skill standard (DX推進スキル標準 and
/// the external digital talent guides): keys in code, names in Japanese and English. Levels 1 (basic)
/// to 5 (leads others).
/// </summary>
public static class Skills
{
    public const int MaxLevel = 5;

    public static readonly IReadOnlyDictionary<string, (string Ja, string En)> All = new Dictionary<string, (string, string)>
    {
        ["strategy"] = ("戦略・企画", "Strategy and planning"),
        ["bpr"] = ("業務改革（BPR）", "Business process re-engineering"),
        ["project-management"] = ("プロジェクトマネジメント", "Project management"),
        ["security"] = ("情報セキュリティ", "Information security"),
        ["data"] = ("データ利活用", "Data utilisation"),
        ["ux"] = ("UX・サービスデザイン", "UX and service design"),
        ["infrastructure"] = ("インフラ・クラウド", "Infrastructure and cloud"),
        ["procurement"] = ("調達・ベンダーマネジメント", "Procurement"),
    };

    /// <summary>Roles a person is registered in.</summary>
    public static readonly IReadOnlyDictionary<string, (string Ja, string En)> Roles = new Dictionary<string, (string, string)>
    {
        ["cio-adviser"] = ("CIO補佐官", "CIO adviser"),
        ["dx-leader"] = ("DX推進リーダー", "DX leader"),
        ["engineer"] = ("エンジニア", "Engineer"),
        ["designer"] = ("デザイナー", "Designer"),
        ["data-analyst"] = ("データアナリスト", "Data analyst"),
    };
}

public sealed record SkillLevel(string Skill, int Level);
