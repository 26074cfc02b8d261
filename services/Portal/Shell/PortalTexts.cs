using System.Collections.Frozen;

namespace SharedServices.Portal.Shell;

/// <summary>The shell's words in 日本語 and English. Plain Japanese: many residents are elderly.</summary>
public static class PortalTexts
{
    private static readonly FrozenDictionary<string, (string Ja, string En)> Texts = new Dictionary<string, (string, string)>
    {
        ["skip"] = ("本文へ移動", "Skip to main content"),
        ["language.switch"] = ("English", "日本語"),
        ["language.label"] = ("言語", "Language"),
        ["nav.label"] = ("メインメニュー", "Main menu"),
        ["nav.home"] = ("ホーム", "Home"),
        ["portal.suffix"] = ("住民ポータル", "Resident portal"),
        ["town.welcome"] = ("ようこそ。ここから、オンライン手続きや地域ポイントを使えます。", "Welcome. Use online procedures and local points here."),
        ["town.services"] = ("使えるサービス", "Services available"),
        ["town.noServices"] = ("まだ使えるサービスはありません。", "No services are available yet."),
        ["service.e-application"] = ("電子申請（オンライン手続き）", "Online applications"),
        ["service.points"] = ("地域ポイント", "Local points"),
        ["service.talent"] = ("デジタル人材シェアリング", "Shared digital talent"),
        ["prefecture.site"] = ("{0} 市町村共同サービス", "{0} shared services for towns"),
        ["prefecture.choose"] = ("お住まいの市町村を選んでください", "Choose your town"),
        ["prefecture.none"] = ("まだ市町村が登録されていません。", "No town has joined yet."),
        ["footer.provider"] = ("このサービスは県と市町村が共同で提供しています。", "This service is run jointly by the prefecture and its towns."),
    }.ToFrozenDictionary();

    public static string Get(string key, string language) =>
        Texts.TryGetValue(key, out var text) ? (language == "en" ? text.En : text.Ja) : key;
}
