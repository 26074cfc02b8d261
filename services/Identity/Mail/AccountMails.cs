using System.Globalization;
using MimeKit;
using SharedServices.Contracts.Tenancy;
using SharedServices.Identity.Accounts;

namespace SharedServices.Identity.Mail;

/// <summary>
/// The identity service's mails, Japanese first and English below (plain text: it reads the same in
/// every mail client). Links start with <c>Identity:PublicUrl</c>, the address people open the service at.
/// </summary>
public sealed class AccountMails(IConfiguration configuration)
{
    // Japan keeps no daylight saving time: JST is always UTC+9.
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private string PrefectureJa => configuration["Platform:PrefectureNameJa"] ?? "";

    private string PrefectureEn => configuration["Platform:PrefectureNameEn"] ?? "";

    public MimeMessage Invitation(TenantAdmin admin, TenantSnapshot town, string token, DateTimeOffset expiresAt)
    {
        var link = Link("/Account/Invitation", token);
        var until = expiresAt.ToOffset(Jst);
        return Message(admin.Email, admin.DisplayName,
            $"【{town.NameJa}】管理者アカウントへのご招待 / Invitation: administrator of {town.NameEn}",
            $"""
            {admin.DisplayName} 様

            {PrefectureJa} 市町村共同サービスに {town.NameJa} が参加しました。
            あなたは {town.NameJa} の管理者として招待されています。

            次のリンクを開いて、パスワードを決めてください。
            {link}

            このリンクは1回だけ使えます。有効期限: {until.ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture)}（日本時間）
            心当たりがない場合は、このメールを削除してください。

            ---- English ----

            Dear {admin.DisplayName},

            {town.NameEn} has joined the {PrefectureEn} shared services for towns, and you are invited
            to be its administrator. Open this link and choose your password:
            {link}

            The link works once, until {until.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} (Japan time).
            If you did not expect this mail, please delete it.
            """);
    }

    public MimeMessage PasswordReset(Account account, string token, TimeSpan validFor)
    {
        var link = Link("/Account/ResetPassword", token);
        var minutes = (int)validFor.TotalMinutes;
        return Message(account.LoginName, account.DisplayName,
            "パスワードの再設定 / Resetting your password",
            $"""
            {account.DisplayName} 様

            パスワードの再設定を受け付けました。次のリンクを開いて、新しいパスワードを決めてください。
            {link}

            このリンクは1回だけ、{minutes}分間使えます。
            お心当たりがない場合は、このメールを削除してください。パスワードは変わりません。

            ---- English ----

            Dear {account.DisplayName},

            Someone asked to reset your password. Open this link and choose a new one:
            {link}

            The link works once, for {minutes} minutes.
            If it was not you, please delete this mail: your password stays as it is.
            """);
    }

    private string Link(string path, string token)
    {
        var publicUrl = configuration["Identity:PublicUrl"] is { Length: > 0 } url
            ? url.TrimEnd('/')
            : throw new InvalidOperationException("Identity:PublicUrl is not set: the address mailed links point at.");
        return $"{publicUrl}{path}?token={Uri.EscapeDataString(token)}";
    }

    private static MimeMessage Message(string to, string name, string subject, string text)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = text } };
        message.To.Add(new MailboxAddress(name, to));
        return message;
    }
}
