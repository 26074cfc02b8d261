using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.AttachmentTests;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// The CSV export of a procedure's applications, as Excel in Japan and a back-office import read it:
/// BOM, CRLF, quoting, no formulas, one row per submitted application.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class ApplicationsCsvTests(EApplicationFixture fixture)
{
    private const string Export = "/console/procedures/renovation-subsidy/applications.csv";

    [Fact]
    public async Task Staff_export_one_row_per_submitted_application_quoted_and_without_formulas()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var receipts = new List<string>();
        foreach (var note in new[] { "=HYPERLINK(\"http://evil.example\",\"x\")", "屋根, 外壁は\"同時\"に\r\n施工します", "@SUM(A1)" })
        {
            var id = await StartAsync(resident);
            var estimate = await UploadedIdAsync(resident, $"/applications/{id}/attachments", "estimate", Pdf, "application/pdf", "見積書.pdf");
            var answers = Answers(estimate);
            answers["note"] = note;
            await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", answers), HttpStatusCode.NoContent);
            var submitted = await (await Ok(await resident.PostAsync($"/applications/{id}/submission", null))).Content.ReadFromJsonAsync<JsonElement>();
            receipts.Add(submitted.GetProperty("receiptNumber").GetString()!);
        }
        await StartAsync(resident); // a draft: not exported

        using var response = await Ok(await staff.GetAsync(Export));
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.EndsWith("\r\n", text);
        Assert.Equal(text.Count(c => c == '\n'), text.Split("\r\n").Length - 1); // every line break is CRLF

        var lines = text.Split("\r\n");
        Assert.Equal("受付番号,状態,受付方法,申請日時,決定日時,様式版,氏名,備考,工事の内容,見積書,施工前の写真", lines[0]);
        // Other tests of the collection apply for this procedure too: look for this test's rows.
        Assert.Single(lines, l => Regex.IsMatch(l, "^" + Regex.Escape($"{receipts[0]},Submitted,online,") + @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},,1,"
            + Regex.Escape("金山 花子,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",roof;wall,見積書.pdf,") + "$"));
        Assert.Contains($"\r\n{receipts[1]},", text);
        Assert.Contains(",\"屋根, 外壁は\"\"同時\"\"に\r\n施工します\",", text); // one quoted cell, its line break kept
        Assert.Single(lines, l => l.StartsWith($"{receipts[2]},", StringComparison.Ordinal) && l.Contains(",'@SUM(A1),", StringComparison.Ordinal));
        Assert.All(lines[1..^1].Where(l => !l.StartsWith("施工します", StringComparison.Ordinal)), l => Assert.Matches(@"^063614-\d{4}-\d{6},(Submitted|Returned|Approved|Rejected|Withdrawn),", l));
        Assert.Equal("", lines[^1]); // the last record ends with CRLF too

        // Today only: the same rows; a day before anything was submitted: the header alone.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var todays = Encoding.UTF8.GetString((await staff.GetByteArrayAsync($"{Export}?from={today}&to={today}"))[3..]);
        Assert.All(receipts, r => Assert.Contains($"\r\n{r},", todays));
        Assert.Equal(lines[0] + "\r\n", Encoding.UTF8.GetString((await staff.GetByteArrayAsync($"{Export}?to=2020-01-01"))[3..]));
    }

    [Theory]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?to=yesterday", "to")]
    [InlineData("?from=2026-04-02&to=2026-04-01", "to")]
    [InlineData("?from=%3D1%2B1", "from")]
    public async Task Bad_dates_are_refused_naming_the_parameter(string query, string field)
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);

        var response = await staff.GetAsync(Export + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Only_the_towns_staff_export_and_only_procedures_the_town_has()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var okuraStaff = fixture.Client(Kaneyama, fixture.OkuraStaffToken);

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/console/procedures/no-such-thing/applications.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync(Export)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await okuraStaff.GetAsync(Export)).StatusCode);
    }
}
