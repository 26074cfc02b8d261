namespace SharedServices.Portal.Features.ServiceApi;

/// <summary>
/// The service writes its messages "日本語 (English)"; a page shows the part in its language.
/// </summary>
public static class Bilingual
{
    public static string Pick(string message, string language)
    {
        var trimmed = message.TrimEnd();
        if (!trimmed.EndsWith(')'))
        {
            return message;
        }
        // The opening bracket that matches the final ")" (the English may have brackets of its own).
        var depth = 0;
        for (var i = trimmed.Length - 1; i > 0; i--)
        {
            depth += trimmed[i] switch { ')' => 1, '(' => -1, _ => 0 };
            if (depth == 0)
            {
                if (trimmed[i - 1] != ' ')
                {
                    return message;
                }
                var ja = trimmed[..(i - 1)].TrimEnd();
                var en = trimmed[(i + 1)..^1].Trim();
                return ja.Length == 0 || en.Length == 0 ? message : language == "en" ? en : ja;
            }
        }
        return message;
    }
}
