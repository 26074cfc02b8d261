using System.Collections.Frozen;

namespace SharedServices.Portal.Shell;

/// <summary>The shell's words in 日本語 and English. Plain Japanese: many residents are elderly.</summary>
public static partial class PortalTexts
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
        ["nav.signIn"] = ("ログイン", "Sign in"),
        ["nav.signOut"] = ("ログアウト", "Sign out"),
        ["nav.signedInAs"] = ("{0} さん", "Signed in as {0}"),
        ["nav.account"] = ("アカウント", "Account"),
        ["resident.title"] = ("マイページ", "My page"),
        ["resident.greeting"] = ("{0} さん、こんにちは。", "Hello, {0}."),
        ["resident.assurance"] = ("本人確認", "Identity verification"),
        ["resident.assurance.unknown"] = ("本人確認の状態はまだ分かりません。", "Your identity verification level is not known yet."),
        ["resident.assurance.ial1"] = ("ご自身で登録した情報のみです（レベル1）。マイナンバーカードで本人確認をすると、使える手続きが増えます。", "Self-registered only (level 1). Verify with your My Number Card to use more procedures."),
        ["resident.assurance.ial2"] = ("本人確認済みです（レベル2）。", "Identity verified (level 2)."),
        ["resident.assurance.ial3"] = ("マイナンバーカードで本人確認済みです（レベル3）。", "Verified with your My Number Card (level 3)."),
        ["console.title"] = ("管理画面", "Town console"),
        ["console.greeting"] = ("{0} さん（{1}）", "{0} ({1})"),
        ["console.town"] = ("団体の情報", "Your municipality"),
        ["console.code"] = ("団体コード", "Municipality code"),
        ["console.name"] = ("名称", "Name"),
        ["role.townAdmin"] = ("管理者", "administrator"),
        ["role.townStaff"] = ("職員", "staff"),
        ["role.operator"] = ("県の運用担当", "prefecture operator"),
        ["prefecture.console"] = ("県の管理画面", "Prefecture console"),
        ["prefecture.towns"] = ("参加している市町村", "Participating towns"),
        ["prefecture.status"] = ("状態", "Status"),
        ["status.active"] = ("利用中", "Active"),
        ["status.suspended"] = ("一時停止中", "Suspended"),
        ["status.offboarded"] = ("利用終了", "Offboarded"),
        ["signinFailed.title"] = ("ログインできませんでした", "Could not sign in"),
        ["signinFailed.another-town"] = ("このアカウントは、この市町村のものではありません。お住まいの市町村のページからログインしてください。", "This account belongs to another town. Please sign in on your own town's page."),
        ["signinFailed.town-account"] = ("市町村のアカウントは、その市町村のページからログインしてください。", "Town accounts sign in on their own town's page."),
        ["signinFailed.talent-account"] = ("デジタル人材のアカウントは、県のページ（デジタル人材のページ）からログインしてください。", "Talent accounts sign in on the prefecture's page (Shared digital talent)."),
        ["signinFailed.cancelled"] = ("ログインを取りやめました。", "Sign-in was cancelled."),
        ["signinFailed.failed"] = ("ログインに失敗しました。もう一度お試しください。", "Sign-in failed. Please try again."),
        ["accessDenied.title"] = ("このページは表示できません", "You cannot view this page"),
        ["accessDenied.body"] = ("このページを見る権限がありません。", "Your account does not have access to this page."),
        ["footer.provider"] = ("このサービスは県と市町村が共同で提供しています。", "This service is run jointly by the prefecture and its towns."),
    }.ToFrozenDictionary();

    public static string Get(string key, string language) =>
        Texts.TryGetValue(key, out var text) || EApplicationTexts.TryGetValue(key, out text) || PointsTexts.TryGetValue(key, out text) || TalentTexts.TryGetValue(key, out text)
            || DashboardTexts.TryGetValue(key, out text) ? (language == "en" ? text.En : text.Ja) : key;
}
