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

    /// <summary>
    /// Reads CSV (RFC 4180: quoted cells may hold commas, quotes doubled, line breaks; CRLF or LF; a
    /// leading BOM ignored) into records with the line each starts on. Blank lines are skipped.
    /// Unbalanced quotes or text after a closing quote: <see cref="CsvFormatException"/> naming the line.
    /// </summary>
    public static List<(int Line, string[] Cells)> Parse(string text)
    {
        var records = new List<(int, string[])>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var (line, recordLine, i) = (1, 1, text.StartsWith('\uFEFF') ? 1 : 0);
        var quoted = false;
        var wasQuoted = false;

        void EndCell()
        {
            cells.Add(cell.ToString());
            cell.Clear();
            wasQuoted = false;
        }

        void EndRecord()
        {
            EndCell();
            if (cells.Count > 1 || cells[0].Length > 0)
            {
                records.Add((recordLine, cells.ToArray()));
            }
            cells.Clear();
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }
                    cell.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when cell.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case '"':
                    throw new CsvFormatException(line, "a quote inside a cell that is not quoted; quote the whole cell and double the quote (\"\")");
                case ',':
                    EndCell();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (wasQuoted)
                    {
                        throw new CsvFormatException(line, "text after a closing quote");
                    }
                    cell.Append(c);
                    break;
            }
        }
        if (quoted)
        {
            throw new CsvFormatException(recordLine, "a quote opened and never closed");
        }
        if (cell.Length > 0 || cells.Count > 0 || wasQuoted)
        {
            EndRecord();
        }
        return records;
    }
}

/// <summary>CSV that cannot be read, and the line where it goes wrong.</summary>
public sealed class CsvFormatException(int line, string problem) : FormatException($"Line {line}: {problem}.")
{
    public int Line { get; } = line;
}

