using System.Collections.Frozen;

namespace SharedServices.Onboarding.Municipalities;

/// <summary>One row of the bundled 総務省 list.</summary>
public sealed record CatalogueEntry(string Code, string Prefecture, string Name, string Type, string Furigana)
{
    /// <summary>Prefectures and designated-city wards (行政区) are not towns the platform can host.</summary>
    public bool IsMunicipality => Type is not ("都道府県" or "行政区");
}

/// <summary>Every 地方公共団体コード with its names, loaded once from the embedded CSV.</summary>
public sealed class MunicipalityCatalogue
{
    private readonly FrozenDictionary<string, CatalogueEntry> _byCode;

    public MunicipalityCatalogue()
    {
        using var stream = typeof(MunicipalityCatalogue).Assembly.GetManifestResourceStream("municipalities.csv")
            ?? throw new InvalidOperationException("municipalities.csv is not embedded.");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // header: code,prefecture,name,type,region,furigana
        var entries = new List<CatalogueEntry>();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            entries.Add(new(f[0], f[1], f[2], f[3], f[5]));
        }
        _byCode = entries.ToFrozenDictionary(e => e.Code);
    }

    public CatalogueEntry? Find(string code) => _byCode.GetValueOrDefault(code);

    public IEnumerable<CatalogueEntry> InPrefecture(string prefectureCode) =>
        _byCode.Values.Where(e => e.Code[..2] == prefectureCode[..2] && e.IsMunicipality).OrderBy(e => e.Code);
}
