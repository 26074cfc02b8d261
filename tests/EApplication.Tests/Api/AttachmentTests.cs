using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// Attachments (添付ファイル) over HTTP on 金山町's renovation-subsidy form: upload, put the id into the
/// answer, submit, download the same bytes; and every way an upload or a reference is refused.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class AttachmentTests(EApplicationFixture fixture)
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1];

    public static readonly byte[] Heic = [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8];

    // Built from halves, like the scanner, so the test's source is not itself quarantined.
    public static readonly byte[] Eicar = [.. Pdf, .. Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")];

    public static async Task<string> StartAsync(HttpClient resident)
    {
        var started = await (await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = "renovation-subsidy" }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>();
        return started.GetProperty("id").GetString()!;
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string path, string? field, byte[] bytes, string contentType, string fileName = "file")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var body = new MultipartFormDataContent { { file, "file", fileName } };
        return client.PostAsync(field is null ? path : $"{path}?field={field}", body);
    }

    public static async Task<string> UploadedIdAsync(HttpClient client, string path, string field, byte[] bytes, string contentType, string fileName = "file") =>
        (await (await Ok(await UploadAsync(client, path, field, bytes, contentType, fileName), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

    public static JsonObject Answers(string? estimate, params string[] photos) => new()
    {
        ["name"] = "金山 花子", ["works"] = new JsonArray("roof", "wall"),
        ["estimate"] = estimate is null ? null : new JsonArray(estimate),
        ["photos"] = new JsonArray([.. photos.Select(p => (JsonNode)p)]),
    };

    [Fact]
    public async Task A_resident_uploads_submits_and_downloads_the_same_bytes_and_staff_download_them_too()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var id = await StartAsync(resident);
        var path = $"/applications/{id}/attachments";

        var upload = await Ok(await UploadAsync(resident, path, "estimate", Pdf, "application/pdf", "見積書 (屋根).pdf"), HttpStatusCode.Created);
        var uploaded = await upload.Content.ReadFromJsonAsync<JsonElement>();
        var estimate = uploaded.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", estimate);
        Assert.Equal("estimate", uploaded.GetProperty("field").GetString());
        Assert.Equal("見積書 (屋根).pdf", uploaded.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", uploaded.GetProperty("contentType").GetString());
        Assert.Equal(Pdf.Length, uploaded.GetProperty("size").GetInt64());
        Assert.EndsWith($"{path}/{estimate}", upload.Headers.Location!.ToString());
        var photo = await UploadedIdAsync(resident, path, "photos", Png, "image/png", "before.png");
        var iphone = await UploadedIdAsync(resident, path, "photos", Heic, "application/octet-stream", "IMG_0001.HEIC"); // the bytes decide

        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", Answers(estimate, photo, iphone)), HttpStatusCode.NoContent);
        await Ok(await resident.PostAsync($"/applications/{id}/submission", null));

        using var download = await Ok(await resident.GetAsync($"{path}/{estimate}"));
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("見積書 (屋根).pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Contains("filename*=UTF-8''", download.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        using var staffDownload = await Ok(await staff.GetAsync($"/console/applications/{id}/attachments/{photo}"));
        Assert.Equal(Png, await staffDownload.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", staffDownload.Content.Headers.ContentType?.MediaType);
        var listed = await staff.GetFromJsonAsync<JsonElement>($"/console/applications/{id}/attachments");
        Assert.Equal([estimate, photo, iphone], listed.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.All(listed.EnumerateArray(), a => Assert.True(a.GetProperty("submitted").GetBoolean()));
        Assert.Equal("image/heic", listed[2].GetProperty("contentType").GetString());

        // Submitted: part of the record.
        await AssertProblem(await resident.DeleteAsync($"{path}/{estimate}"), HttpStatusCode.Conflict);
        await AssertProblem(await UploadAsync(resident, path, "photos", Png, "image/png"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_file_over_the_fields_limit_is_refused_with_413_and_a_body_far_over_it_too()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var path = $"/applications/{await StartAsync(resident)}/attachments";

        await AssertProblem(await UploadAsync(resident, path, "photos", [.. Png, .. new byte[5000]], "image/png"), HttpStatusCode.RequestEntityTooLarge);
        // Over the service's 256 KB default and this field's own body limit: refused before it is read.
        await AssertProblem(await UploadAsync(resident, path, "photos", [.. Png, .. new byte[400_000]], "image/png"), HttpStatusCode.RequestEntityTooLarge);
        // The estimate field allows 1 MB: more than the service default, accepted for this endpoint.
        await Ok(await UploadAsync(resident, path, "estimate", [.. Pdf, .. new byte[600_000]], "application/pdf"), HttpStatusCode.Created);
        Assert.Equal(1, (await resident.GetFromJsonAsync<JsonElement>(path)).GetArrayLength());
    }

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        { "estimate", "text/plain", "pdf" },       // not a type the field allows
        { "estimate", "image/png", "png" },        // a type of another field
        { "estimate", "application/pdf", "png" },  // declared PDF, bytes of a PNG
        { "photos", "image/jpeg", "png" },         // declared JPEG, bytes of a PNG
        { "photos", "image/png", "text" },         // bytes of nothing recognised
        { "photos", "application/octet-stream", "text" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_file_of_a_type_the_field_does_not_take_or_whose_bytes_disagree_is_refused(string field, string contentType, string bytes)
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var path = $"/applications/{await StartAsync(resident)}/attachments";
        byte[] content = bytes switch { "pdf" => Pdf, "png" => Png, _ => Encoding.UTF8.GetBytes("=cmd|' /C calc'!A0") };

        await AssertProblem(await UploadAsync(resident, path, field, content, contentType), HttpStatusCode.BadRequest, "file");

        Assert.Equal(0, (await resident.GetFromJsonAsync<JsonElement>(path)).GetArrayLength());
    }

    [Fact]
    public async Task A_file_the_scanner_refuses_is_answered_422_and_not_stored()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var id = await StartAsync(resident);
        var path = $"/applications/{id}/attachments";

        await AssertProblem(await UploadAsync(resident, path, "estimate", Eicar, "application/pdf"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(0, (await resident.GetFromJsonAsync<JsonElement>(path)).GetArrayLength());
        await UploadedIdAsync(resident, path, "estimate", Pdf, "application/pdf"); // the field's one file is still free
    }

    [Theory]
    [InlineData(null)]          // no field named
    [InlineData("nothing")]     // not on the form
    [InlineData("name")]        // a text field
    public async Task An_upload_for_no_file_field_is_refused(string? field)
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var path = $"/applications/{await StartAsync(resident)}/attachments";

        await AssertProblem(await UploadAsync(resident, path, field, Pdf, "application/pdf"), HttpStatusCode.BadRequest, "field");
    }

    [Fact]
    public async Task Bodies_that_are_not_one_file_are_refused_without_a_500()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var path = $"/applications/{await StartAsync(resident)}/attachments?field=estimate";

        await AssertProblem(await resident.PostAsJsonAsync(path, new { file = "JVBERi0=" }), HttpStatusCode.UnsupportedMediaType);
        await AssertProblem(await resident.PostAsync(path, new MultipartFormDataContent { { new StringContent("x"), "note" } }), HttpStatusCode.BadRequest, "file");
        await AssertProblem(await resident.PostAsync(path, new MultipartFormDataContent
        {
            { new ByteArrayContent(Pdf) { Headers = { ContentType = new("application/pdf") } }, "file", "a.pdf" },
            { new ByteArrayContent(Pdf) { Headers = { ContentType = new("application/pdf") } }, "file", "b.pdf" },
        }), HttpStatusCode.BadRequest, "file");
        await AssertProblem(await UploadAsync(resident, path.Split('?')[0], "estimate", [], "application/pdf"), HttpStatusCode.BadRequest, "file");
        var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-trunc");
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        Assert.Equal(HttpStatusCode.BadRequest, (await resident.PostAsync(path, broken)).StatusCode);
    }

    [Fact]
    public async Task A_field_takes_its_number_of_files_and_a_wrong_one_can_be_removed_before_submission()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var path = $"/applications/{await StartAsync(resident)}/attachments";
        var wrong = await UploadedIdAsync(resident, path, "estimate", Pdf, "application/pdf", "old.pdf");

        await AssertProblem(await UploadAsync(resident, path, "estimate", Pdf, "application/pdf"), HttpStatusCode.Conflict);
        await Ok(await resident.DeleteAsync($"{path}/{wrong}"), HttpStatusCode.NoContent);
        await UploadedIdAsync(resident, path, "estimate", Pdf, "application/pdf", "new.pdf");

        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"{path}/{wrong}")).StatusCode);
        Assert.Equal(["new.pdf"], (await resident.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().Select(a => a.GetProperty("fileName").GetString()));
    }

    [Fact]
    public async Task Submission_refuses_an_attachment_of_another_application_or_of_another_field()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var other = await StartAsync(resident);
        var elsewhere = await UploadedIdAsync(resident, $"/applications/{other}/attachments", "estimate", Pdf, "application/pdf");
        var id = await StartAsync(resident);
        var photo = await UploadedIdAsync(resident, $"/applications/{id}/attachments", "photos", Jpeg, "image/jpeg");

        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", Answers(elsewhere)), HttpStatusCode.NoContent);
        await AssertProblem(await resident.PostAsync($"/applications/{id}/submission", null), HttpStatusCode.BadRequest, "estimate");

        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", Answers(photo)), HttpStatusCode.NoContent);
        await AssertProblem(await resident.PostAsync($"/applications/{id}/submission", null), HttpStatusCode.BadRequest, "estimate");

        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", Answers(Guid.NewGuid().ToString(), photo)), HttpStatusCode.NoContent);
        await AssertProblem(await resident.PostAsync($"/applications/{id}/submission", null), HttpStatusCode.BadRequest, "estimate");

        var estimate = await UploadedIdAsync(resident, $"/applications/{id}/attachments", "estimate", Pdf, "application/pdf");
        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", Answers(estimate, photo)), HttpStatusCode.NoContent);
        await Ok(await resident.PostAsync($"/applications/{id}/submission", null));
    }

    [Fact]
    public async Task Another_resident_finds_nothing_and_another_towns_token_is_forbidden()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var neighbour = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);
        using var okura = fixture.Client(Kaneyama, fixture.OkuraResidentToken);
        using var okuraStaff = fixture.Client(Kaneyama, fixture.OkuraStaffToken);
        var id = await StartAsync(resident);
        var path = $"/applications/{id}/attachments";
        var file = await UploadedIdAsync(resident, path, "estimate", Pdf, "application/pdf");

        await AssertProblem(await UploadAsync(neighbour, path, "photos", Png, "image/png"), HttpStatusCode.NotFound);
        await AssertProblem(await neighbour.GetAsync($"{path}/{file}"), HttpStatusCode.NotFound);
        await AssertProblem(await neighbour.GetAsync(path), HttpStatusCode.NotFound);
        await AssertProblem(await neighbour.DeleteAsync($"{path}/{file}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(okura, path, "photos", Png, "image/png")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await okura.GetAsync($"{path}/{file}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await okuraStaff.GetAsync($"/console/applications/{id}/attachments/{file}")).StatusCode);

        // The owner: an id of nothing, or not an id at all, is simply not there.
        await AssertProblem(await resident.GetAsync($"{path}/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertProblem(await resident.GetAsync($"{path}/not-an-id"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stored_files_are_rows_of_their_town_only_under_row_level_security()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var file = await UploadedIdAsync(resident, $"/applications/{await StartAsync(resident)}/attachments", "estimate", Pdf, "application/pdf");

        foreach (var table in new[] { "mt_doc_attachment", "mt_doc_attachmentcontent" })
        {
            Assert.Contains(file, await fixture.Database.QueryAsAppAsync<string>($"select id::text from {table}", "063614"));
            Assert.Empty(await fixture.Database.QueryAsAppAsync<string>($"select id::text from {table}", "063657"));
            Assert.Empty(await fixture.Database.QueryAsAppAsync<string>($"select id::text from {table}"));
        }
    }

    [Fact]
    public async Task Staff_attach_files_to_a_counter_application_but_not_to_a_residents_and_see_no_online_draft()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var counter = (await (await Ok(await staff.PostAsJsonAsync("/console/applications/counter", new { procedureKey = "renovation-subsidy", applicantName = "最上 トメ" }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var estimate = await UploadedIdAsync(staff, $"/console/applications/{counter}/attachments", "estimate", Pdf, "application/pdf", "見積書.pdf");
        var answers = Answers(estimate);
        answers["name"] = "最上 トメ";
        await Ok(await staff.PutAsJsonAsync($"/console/applications/{counter}/answers", answers), HttpStatusCode.NoContent);
        await Ok(await staff.PostAsync($"/console/applications/{counter}/submission", null));
        Assert.Equal(Pdf, await (await Ok(await staff.GetAsync($"/console/applications/{counter}/attachments/{estimate}"))).Content.ReadAsByteArrayAsync());

        var online = await StartAsync(resident);
        var draftFile = await UploadedIdAsync(resident, $"/applications/{online}/attachments", "estimate", Pdf, "application/pdf");
        await AssertProblem(await UploadAsync(staff, $"/console/applications/{online}/attachments", "photos", Png, "image/png"), HttpStatusCode.NotFound);
        await AssertProblem(await staff.GetAsync($"/console/applications/{online}/attachments/{draftFile}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(resident, $"/console/applications/{counter}/attachments", "photos", Png, "image/png")).StatusCode);
    }
}
