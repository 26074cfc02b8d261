using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// Start and submit in one request (<c>POST /applications</c> with <c>answers</c> and <c>submit: true</c>),
/// for a client that has the whole form: checked exactly as a submission, and nothing stored when refused.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class OneRequestSubmissionTests(EApplicationFixture fixture)
{
    [Fact]
    public async Task A_whole_form_is_submitted_in_one_request_with_its_receipt_number_and_counted()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var answers = ApplicationFlowTests.WaterStart();

        var created = await (await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service", answers, submit = true }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        var receipt = created.GetProperty("receiptNumber").GetString()!;
        Assert.Matches(@"^063614-\d{4}-\d{6}$", receipt);
        Assert.Equal("Submitted", created.GetProperty("status").GetString());

        var view = await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(("Submitted", receipt), (view.GetProperty("status").GetString(), view.GetProperty("receiptNumber").GetString()));
        Assert.Equal("カネヤマ ハナコ", view.GetProperty("answers").GetProperty("nameKana").GetString());
        Assert.Equal(["started", "submitted"], view.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("what").GetString()).Distinct());

        // Staff find it in the queue like any other submission.
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var detail = await staff.GetFromJsonAsync<JsonElement>($"/console/applications/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(receipt, detail.GetProperty("receiptNumber").GetString());
    }

    [Fact]
    public async Task A_refused_form_stores_nothing_and_names_the_fields()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);
        var before = (await resident.GetFromJsonAsync<JsonElement>("/applications", TestContext.Current.CancellationToken)).GetArrayLength();

        var answers = ApplicationFlowTests.WaterStart();
        answers.Remove("name");
        answers["nameKana"] = "kaneyama";
        var problem = await AssertProblem(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service", answers, submit = true }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("nameKana", out _));

        // Files are uploaded to a started application: a file answer in one request names nothing.
        var renovation = await AssertProblem(await resident.PostAsJsonAsync("/applications",
            new { procedureKey = "renovation-subsidy", answers = AttachmentTests.Answers("no-such-file"), submit = true }), HttpStatusCode.BadRequest);
        Assert.True(renovation.GetProperty("errors").TryGetProperty("estimate", out _));

        // Answers that are not an object, answers without submit, submit without answers, an unknown procedure.
        await AssertProblem(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service", answers = new[] { 1, 2 }, submit = true }), HttpStatusCode.BadRequest);
        await AssertProblem(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service", answers = ApplicationFlowTests.WaterStart() }), HttpStatusCode.BadRequest);
        await AssertProblem(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service", submit = true }), HttpStatusCode.BadRequest);
        await AssertProblem(await resident.PostAsJsonAsync("/applications", new { procedureKey = "no-such-procedure", answers = ApplicationFlowTests.WaterStart(), submit = true }), HttpStatusCode.BadRequest);

        Assert.Equal(before, (await resident.GetFromJsonAsync<JsonElement>("/applications", TestContext.Current.CancellationToken)).GetArrayLength());
    }

    [Fact]
    public async Task A_resident_of_another_town_cannot_submit_here_in_one_request()
    {
        using var okuraResident = fixture.Client(Kaneyama, fixture.OkuraResidentToken);
        await AssertProblem(await okuraResident.PostAsJsonAsync("/applications",
            new { procedureKey = "water-service", answers = ApplicationFlowTests.WaterStart(), submit = true }), HttpStatusCode.Forbidden);
    }
}
