using System.Text;

namespace SharedServices.Web;

/// <summary>
/// CSV written as Excel in Japan opens it and back-office systems import it: UTF-8 with a BOM, CRLF line
/// ends, RFC 4180 quoting, and no cell a spreadsheet would run as a formula (CSV injection).
/// </summary>
public sealed class Csv
{
    private readonly StringBuilder _text = new();

    public Csv Row(IEnumerable<string?> cells)
    {
        _text.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        return this;
    }

    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

    /// <summary>One cell: neutralised if a spreadsheet would read it as a formula, then quoted if needed.</summary>
    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
