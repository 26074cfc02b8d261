namespace SharedServices.Identity.Accounts;

/// <summary>What a chosen password must be (invitation, reset). Length over composition rules (NIST SP 800-63B).</summary>
public static class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    /// <summary>Why the new password and its confirmation cannot be used, in ja and en; null when they can.</summary>
    public static (string Ja, string En)? Check(string? password, string? confirmation) => password switch
    {
        null or "" => ("パスワードを入力してください。", "Enter a password."),
        { Length: < MinLength } => ($"パスワードは{MinLength}文字以上にしてください。", $"The password needs at least {MinLength} characters."),
        { Length: > MaxLength } => ($"パスワードは{MaxLength}文字以内にしてください。", $"The password can have at most {MaxLength} characters."),
        _ when string.IsNullOrWhiteSpace(password) => ("空白だけのパスワードは使えません。", "A password of spaces only cannot be used."),
        _ when password != confirmation => ("確認のパスワードが一致しません。同じものを2回入力してください。", "The two passwords differ: type the same one twice."),
        _ => null,
    };
}
