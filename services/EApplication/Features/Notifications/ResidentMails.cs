using System.Globalization;
using Marten;
using MimeKit;
using SharedServices.EApplication.Applications;
using SharedServices.EApplication.Forms;
using SharedServices.Tenancy;

namespace SharedServices.EApplication.Features.Notifications;

/// <summary>
/// The mails a resident gets about an application they made online, Japanese first and English below
/// (plain text, as the identity service's): what, in which town, its receipt number, and a link to its
/// page on the town's portal. The link starts with <c>EApplication:PortalUrlTemplate</c> with the
/// town's slug in it (<c>http://{slug}.localhost:5100/</c> in Development). Never the answers: a mail
/// can be read on its way, the page asks for a sign-in.
/// </summary>
public sealed class ResidentMails(IConfiguration configuration, ITenantStore towns, PublishedForms forms)
{
    // Japan keeps no daylight saving time: JST is always UTC+9.
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>受付完了メール: the town has the application, under this receipt number.</summary>
    public async Task<MimeMessage> ReceiptAsync(IQuerySession session, Application application, string contactEmail, CancellationToken ct)
    {
        var (town, title, link) = await AboutAsync(session, application, ct);
        var at = application.SubmittedAt!.Value.ToOffset(Jst);
        return Message(contactEmail, application.ApplicantName,
            $"【{town.NameJa}】申請を受け付けました（{application.ReceiptNumber}） / Application received: {town.NameEn}",
            $"""
            {application.ApplicantName} 様

            {town.NameJa}への次の申請を受け付けました。

            手続き: {title.Ja}
            受付番号: {application.ReceiptNumber}
            受付日時: {at.ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture)}（日本時間）

            審査の状況は、次のページで確認できます（サインインが必要です）。
            {link}

            お問い合わせの際は、受付番号をお知らせください。
            このメールは送信専用です。心当たりがない場合は、{town.NameJa}にお問い合わせください。

            ---- English ----

            Dear {application.ApplicantName},

            {town.NameEn} has received your application.

            Procedure: {title.En ?? title.Ja}
            Receipt number: {application.ReceiptNumber}
            Received: {at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} (Japan time)

            Follow its review on this page (you will be asked to sign in):
            {link}

            Please quote the receipt number when you contact the town.
            This address does not take replies. If you did not apply, please contact {town.NameEn}.
            """);
    }

    /// <summary>差戻し: staff returned the application for correction. The reason is on the page, not in the mail.</summary>
    public async Task<MimeMessage> ReturnedAsync(IQuerySession session, Application application, string contactEmail, CancellationToken ct)
    {
        var (town, title, link) = await AboutAsync(session, application, ct);
        return Message(contactEmail, application.ApplicantName,
            $"【{town.NameJa}】申請の修正をお願いします（{application.ReceiptNumber}） / Please correct your application: {town.NameEn}",
            $"""
            {application.ApplicantName} 様

            {town.NameJa}から、次の申請について修正のお願い（差戻し）があります。

            手続き: {title.Ja}
            受付番号: {application.ReceiptNumber}

            理由を次のページで確認し、修正して再度申請してください（サインインが必要です）。
            {link}

            このメールは送信専用です。

            ---- English ----

            Dear {application.ApplicantName},

            {town.NameEn} has returned your application for correction.

            Procedure: {title.En ?? title.Ja}
            Receipt number: {application.ReceiptNumber}

            See why on this page, correct the application and submit it again (you will be asked to sign in):
            {link}

            This address does not take replies.
            """);
    }

    private async Task<(TenantInfo Town, LocalizedText Title, string Link)> AboutAsync(
        IQuerySession session, Application application, CancellationToken ct)
    {
        var town = towns.FindById(CurrentTenant.Id)
            ?? throw new InvalidOperationException($"Town {CurrentTenant.Id} is not in the tenant registry.");
        var form = await forms.FindAsync(session, application.ProcedureKey, application.FormVersion, ct)
            ?? throw new InvalidOperationException($"The form {application.ProcedureKey}@{application.FormVersion} of application {application.Id} is missing.");
        var template = configuration["EApplication:PortalUrlTemplate"] is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException("EApplication:PortalUrlTemplate is not set: the town portal's address, with {slug}, that mailed links point at.");
        var portal = template.Replace("{slug}", town.Slug, StringComparison.Ordinal).TrimEnd('/');
        return (town, form.Definition.Title, $"{portal}/Resident/Applications/{Uri.EscapeDataString(application.Id)}");
    }

    private static MimeMessage Message(string to, string name, string subject, string text)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = text } };
        message.To.Add(new MailboxAddress(name, to));
        return message;
    }
}
