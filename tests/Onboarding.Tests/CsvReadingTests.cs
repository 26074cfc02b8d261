using SharedServices.Web;

namespace SharedServices.Onboarding.Tests;

/// <summary>
/// The CSV reader the bulk onboarding reads files with (RFC 4180, as Excel and text editors write it):
/// each record with the line it starts on, or the line where the file cannot be read.
/// </summary>
public sealed class CsvReadingTests
{
    [Theory]
    [InlineData("a,b\r\n1,2\r\n", "1:a|b 2:1|2")]
    [InlineData("a,b\n1,2", "1:a|b 2:1|2")]                             // LF, no line end at the end
    [InlineData("\uFEFFa,b\r\n1,2\r\n", "1:a|b 2:1|2")]                 // Excel's BOM
    [InlineData("a,b\r\n\r\n1,2\r\n\r\n", "1:a|b 3:1|2")]               // blank lines skipped, lines still counted
    [InlineData("a,b\r\n\"1,5\",\"say \"\"hi\"\"\"\r\n", "1:a|b 2:1,5|say \"hi\"")]
    [InlineData("a,b\r\n\"x\r\ny\",2\r\n3,4\r\n", "1:a|b 2:x\r\ny|2 4:3|4")] // a line break in a quoted cell
    [InlineData("a,b\r\n,\r\n\"\",\"\"", "1:a|b 2:| 3:|")]               // empty cells, quoted or not
    [InlineData("金山町,山形県\r\n", "1:金山町|山形県")]
    public void Records_are_read_with_the_line_they_start_on(string csv, string expected)
    {
        var records = Csv.Parse(csv).Select(r => $"{r.Line}:{string.Join('|', r.Cells)}");

        Assert.Equal(expected, string.Join(' ', records));
    }

    [Theory]
    [InlineData("a,b\r\n1,\"2\r\n3,4\r\n", 2, "never closed")]           // where the quote opened
    [InlineData("a,b\r\n1,2\"\r\n", 2, "quote inside a cell")]
    [InlineData("a,b\r\n\"x\r\ny\",\"2\"z\r\n", 3, "after a closing quote")] // where it goes wrong, in a record begun on line 2
    public void A_file_that_cannot_be_read_names_its_line(string csv, int line, string said)
    {
        var problem = Assert.Throws<CsvFormatException>(() => Csv.Parse(csv));

        Assert.Equal(line, problem.Line);
        Assert.Contains(said, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back()
    {
        string[] cells = ["金山町", "a,b", "say \"hi\"", "two\r\nlines", ""];
        var bytes = new Csv().Row(["code", "x", "y", "z", "w"]).Row(cells).ToBytes();

        var records = Csv.Parse(System.Text.Encoding.UTF8.GetString(bytes));

        Assert.Equal(cells, records[1].Cells);
    }
}
