using System.Collections.Frozen;

namespace SharedServices.EApplication.Forms;

/// <summary>
/// The prefecture's seed templates (県 共通様式), embedded as <c>Forms/Templates/*.json</c>: version 1
/// of each procedure the prefecture publishes first. Loaded once; each must pass the definition checks.
/// </summary>
public sealed class FormTemplateCatalogue
{
    private const string Prefix = "Forms.Templates.";

    private readonly FrozenDictionary<string, FormDefinition> _byKey;

    public FormTemplateCatalogue()
    {
        var assembly = typeof(FormTemplateCatalogue).Assembly;
        var templates = new List<FormDefinition>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var template = FormJson.Read(reader.ReadToEnd());
            if (DefinitionChecks.Check(template) is { Count: > 0 } problems)
            {
                throw new InvalidOperationException($"The template {name} does not pass the definition checks:{Environment.NewLine}{DefinitionChecks.Describe(problems)}");
            }
            templates.Add(template);
        }
        All = templates;
        _byKey = templates.ToFrozenDictionary(t => t.Key, StringComparer.Ordinal);
    }

    /// <summary>Every seed template, by key.</summary>
    public IReadOnlyList<FormDefinition> All { get; }

    public FormDefinition? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>児童手当 認定請求 (IAL3: verified with the マイナンバーカード).</summary>
    public const string ChildAllowance = "child-allowance";

    /// <summary>保育所等 入所申込.</summary>
    public const string NurseryAdmission = "nursery-admission";

    /// <summary>罹災証明書 交付申請.</summary>
    public const string DisasterCertificate = "disaster-certificate";

    /// <summary>粗大ごみ 収集申込.</summary>
    public const string BulkyWaste = "bulky-waste";

    /// <summary>犬の登録申請・死亡届.</summary>
    public const string DogRegistration = "dog-registration";

    /// <summary>水道の使用開始・中止 (開栓・閉栓).</summary>
    public const string WaterService = "water-service";
}
