using System.Collections.Frozen;

namespace SharedServices.Portal.Shell;

/// <summary>The prefecture's DX dashboard's words (県 DX ダッシュボード).</summary>
public static partial class PortalTexts
{
    private static readonly FrozenDictionary<string, (string Ja, string En)> DashboardTexts = new Dictionary<string, (string, string)>
    {
        ["dashboard.problem.404"] = ("お探しのものは見つかりませんでした。", "What you were looking for was not found."),
        ["dashboard.problem.403"] = ("県の運用担当者だけが見られます。", "Only the prefecture's operators can see this."),
        ["dashboard.problem.409"] = ("この操作はできませんでした。", "This could not be done."),
        ["dashboard.problem.unavailable"] = ("ダッシュボードのサービスに接続できません。しばらくしてからもう一度お試しください。", "The dashboard's service cannot be reached. Please try again later."),
        ["dashboard.title"] = ("DX ダッシュボード（市町村比較）", "DX dashboard (towns compared)"),
        ["dashboard.link"] = ("DX ダッシュボード", "DX dashboard"),
        ["dashboard.intro"] = ("各市町村の月ごとの集計です。個人の情報は含みません。各サービスのイベントから集計しているため、サービスが停止中でも表示できます。",
            "Each town's month in figures, with no personal data. Counted from the services' events, so it shows even while a service is down."),
        ["dashboard.month"] = ("月", "Month"),
        ["dashboard.show"] = ("表示", "Show"),
        ["dashboard.totals"] = ("{0}の県全体", "The whole prefecture in {0}"),
        ["dashboard.towns"] = ("参加市町村", "Towns on the platform"),
        ["dashboard.adoption"] = ("サービスの導入", "Services adopted"),
        ["dashboard.adoptedBy"] = ("{0} {1}団体", "{0}: {1} towns"),
        ["dashboard.chart"] = ("{0}（{1}）", "{0} ({1})"),
        ["dashboard.chart.desc"] = ("市町村ごとの棒グラフ。同じ数値は下の表にあります。", "A bar per town. The same figures are in the table below."),
        ["dashboard.byTown"] = ("{0}の市町村別", "By town, {0}"),
        ["dashboard.sortHelp"] = ("列の見出しを選ぶと、その列で並べ替え、グラフにします。", "Choose a column's heading to sort by it and chart it."),
        ["dashboard.town"] = ("市町村", "Town"),
        ["dashboard.m.submitted"] = ("申請件数", "Applications"),
        ["dashboard.m.onlineShare"] = ("オンライン率", "Online share"),
        ["dashboard.m.medianDays"] = ("処理日数（中央値）", "Median days to decision"),
        ["dashboard.m.returnedRate"] = ("差戻し率", "Returned for correction"),
        ["dashboard.m.granted"] = ("付与ポイント（予算執行）", "Points granted (budget used)"),
        ["dashboard.m.spent"] = ("利用ポイント", "Points spent"),
        ["dashboard.m.lapsed"] = ("失効ポイント", "Points lapsed"),
        ["dashboard.m.talentHours"] = ("デジタル人材 稼働時間", "Talent hours"),
        ["dashboard.m.talentNetCost"] = ("デジタル人材 実質負担", "Talent net cost"),
        ["dashboard.m.services"] = ("利用サービス数", "Services used"),
        ["dashboard.byProcedure"] = ("{0}の手続き別", "By procedure, {0}"),
        ["dashboard.noApplications"] = ("この月の申請はありません。", "No applications this month."),
        ["dashboard.procedure"] = ("手続き", "Procedure"),
        ["dashboard.online"] = ("うちオンライン", "Of which online"),
        ["dashboard.decided"] = ("処理件数", "Decided"),
        ["dashboard.csv"] = ("CSV で取り出す", "Export as CSV"),
        ["dashboard.csv.intro"] = ("市町村ごと・月ごとの集計を CSV（Excel で開けます）で取り出します。最大36か月です。", "Every town's figures per month as CSV (opens in Excel). At most 36 months."),
        ["dashboard.from"] = ("最初の月", "First month"),
        ["dashboard.until"] = ("最後の月", "Last month"),
        ["dashboard.download"] = ("CSV をダウンロード", "Download CSV"),
    }.ToFrozenDictionary();
}
