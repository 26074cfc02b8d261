namespace SharedServices.Points;

/// <summary>The Luhn check digit, on numbers people type or read out (加盟店コード, card numbers): it catches any one mistyped digit.</summary>
public static class CheckDigit
{
    public static int Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }
}
