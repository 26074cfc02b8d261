using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharedServices.EApplication.Forms;

namespace SharedServices.Portal.Features.EApplication;

/// <summary>
/// The e-application service's HTTP API (<c>Services:EApplication</c>), called as every service's API is
/// (<see cref="ServiceApiClient"/>: the person's token, the town by path, problems as answers).
/// </summary>
public sealed class EApplicationClient(HttpClient http, IHttpContextAccessor accessor, ILogger<EApplicationClient> logger)
    : ServiceApiClient(http, accessor, logger, "e-application")
{
    // The prefecture's operators: shared templates (県 共通様式) and their rollout to towns
    public Task<ApiResult<IReadOnlyList<TemplateSummary>>> TemplatesAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<TemplateSummary>>(HttpMethod.Get, "prefecture/templates", null, ct, town: false);

    public Task<ApiResult<TemplateAdoptions>> TemplateAdoptionsAsync(string key, CancellationToken ct) =>
        SendAsync<TemplateAdoptions>(HttpMethod.Get, $"prefecture/templates/{Escape(key)}/adoptions", null, ct, town: false);

    /// <summary>Adopts the template in each of <paramref name="towns"/> (each town's admin then publishes it).</summary>
    public Task<ApiResult<IReadOnlyList<RolloutResult>>> RollOutAsync(string key, IReadOnlyList<string> towns, CancellationToken ct) =>
        SendAsync<IReadOnlyList<RolloutResult>>(HttpMethod.Post, $"prefecture/templates/{Escape(key)}/rollout", JsonContent.Create(new { towns }), ct, town: false);

    // Residents
    public Task<ApiResult<IReadOnlyList<ProcedureSummary>>> ProceduresAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<ProcedureSummary>>(HttpMethod.Get, "procedures", null, ct);

    /// <summary>The procedure's current published form.</summary>
    public async Task<ApiResult<FormDefinition>> FormAsync(string procedureKey, CancellationToken ct)
    {
        var read = await SendAsync<JsonElement>(HttpMethod.Get, $"procedures/{Escape(procedureKey)}", null, ct);
        return read.Problem is { } problem ? problem : FormJson.Read(read.Value.GetRawText());
    }

    public Task<ApiResult<StartedApplication>> StartAsync(string procedureKey, CancellationToken ct) =>
        SendAsync<StartedApplication>(HttpMethod.Post, "applications", JsonContent.Create(new { procedureKey }), ct);


    public Task<ApiResult<IReadOnlyList<MyApplication>>> MineAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<MyApplication>>(HttpMethod.Get, "applications", null, ct);

    public Task<ApiResult<ResidentApplication>> ApplicationAsync(string id, CancellationToken ct) =>
        SendAsync<ResidentApplication>(HttpMethod.Get, $"applications/{Escape(id)}", null, ct);

    public Task<ApiResult<bool>> WithdrawAsync(string id, CancellationToken ct) =>
        SendAsync<bool>(HttpMethod.Post, $"applications/{Escape(id)}/withdrawal", null, ct);

    /// <summary>One of an application's files, streamed through, by the side's API (each checks who may see it).</summary>
    public Task<ApiResult<FileDownload>> DownloadAsync(ApplicationSide side, string id, string attachmentId, CancellationToken ct) =>
        DownloadAsync($"{side.Api}/{Escape(id)}/attachments/{Escape(attachmentId)}", ct);

    // Residents: their authorisations of registered helpers (支援者への委任)
    public Task<ApiResult<IReadOnlyList<HelperAuthorisation>>> AuthorisationsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<HelperAuthorisation>>(HttpMethod.Get, "authorisations", null, ct);

    public Task<ApiResult<HelperAuthorisation>> AuthoriseAsync(string? helperCode, DateOnly? until, CancellationToken ct) =>
        SendAsync<HelperAuthorisation>(HttpMethod.Post, "authorisations", JsonContent.Create(new { helperCode, until }), ct);

    public Task<ApiResult<bool>> RevokeAuthorisationAsync(string id, CancellationToken ct) =>
        SendAsync<bool>(HttpMethod.Post, $"authorisations/{Escape(id)}/revocation", null, ct);

    // Residents who help others (支援者): their registration, the residents who authorised them, what they made for them
    public Task<ApiResult<HelperRegistration>> HelperRegistrationAsync(CancellationToken ct) =>
        SendAsync<HelperRegistration>(HttpMethod.Get, "helpers/registration", null, ct);

    public Task<ApiResult<HelperRegistration>> AskToHelpAsync(string? name, string? organisation, CancellationToken ct) =>
        SendAsync<HelperRegistration>(HttpMethod.Post, "helpers/registration", JsonContent.Create(new { name, organisation }), ct);

    public Task<ApiResult<IReadOnlyList<HelpedResident>>> HelpedResidentsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<HelpedResident>>(HttpMethod.Get, "helping/residents", null, ct);

    /// <summary>An application for the resident of the authorisation (applicant them, actor the helper).</summary>
    public Task<ApiResult<StartedApplication>> StartForResidentAsync(string? authorisationId, string? procedureKey, CancellationToken ct) =>
        SendAsync<StartedApplication>(HttpMethod.Post, "helping/applications", JsonContent.Create(new { authorisationId, procedureKey }), ct);

    public Task<ApiResult<IReadOnlyList<HelpingApplication>>> HelpingApplicationsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<HelpingApplication>>(HttpMethod.Get, "helping/applications", null, ct);

    public Task<ApiResult<HelpingApplication>> HelpingApplicationAsync(string id, CancellationToken ct) =>
        SendAsync<HelpingApplication>(HttpMethod.Get, $"helping/applications/{Escape(id)}", null, ct);

    // Staff (審査)
    public Task<ApiResult<IReadOnlyList<ProcedureSummary>>> TownProceduresAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<ProcedureSummary>>(HttpMethod.Get, "console/procedures", null, ct);

    public Task<ApiResult<IReadOnlyList<QueueItem>>> QueueAsync(string? procedure, string? status, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Escape(value)}");
            }
        }
        Add("procedure", procedure);
        Add("status", status);
        Add("from", from is { } f ? IsoDate.Format(f) : null);
        Add("to", to is { } t ? IsoDate.Format(t) : null);
        return SendAsync<IReadOnlyList<QueueItem>>(HttpMethod.Get, "console/applications" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), null, ct);
    }

    public Task<ApiResult<StaffApplication>> ReviewAsync(string id, CancellationToken ct) =>
        SendAsync<StaffApplication>(HttpMethod.Get, $"console/applications/{Escape(id)}", null, ct);

    public Task<ApiResult<bool>> AssignToMeAsync(string id, CancellationToken ct) =>
        SendAsync<bool>(HttpMethod.Post, $"console/applications/{Escape(id)}/assignment", JsonContent.Create(new { }), ct);

    public Task<ApiResult<bool>> DecideAsync(string id, string outcome, string? reason, CancellationToken ct) =>
        SendAsync<bool>(HttpMethod.Post, $"console/applications/{Escape(id)}/decision", JsonContent.Create(new { outcome, reason }), ct);

    public Task<ApiResult<bool>> CommentAsync(string id, string text, CancellationToken ct) =>
        SendAsync<bool>(HttpMethod.Post, $"console/applications/{Escape(id)}/comments", JsonContent.Create(new { text }), ct);

    // Staff: registered helpers (支援者の登録)
    public Task<ApiResult<IReadOnlyList<HelperRegistration>>> HelpersAsync(string? status, CancellationToken ct) =>
        SendAsync<IReadOnlyList<HelperRegistration>>(HttpMethod.Get, "console/helpers" + (string.IsNullOrEmpty(status) ? "" : $"?status={Escape(status)}"), null, ct);

    public Task<ApiResult<HelperApproval>> ApproveHelperAsync(string id, CancellationToken ct) =>
        SendAsync<HelperApproval>(HttpMethod.Post, $"console/helpers/{Escape(id)}/approval", null, ct);

    public Task<ApiResult<bool>> RevokeHelperAsync(string id, string? reason, CancellationToken ct) =>
        SendAsync<bool>(HttpMethod.Post, $"console/helpers/{Escape(id)}/revocation", JsonContent.Create(new { reason }), ct);

    /// <summary>A counter application (窓口代行): staff apply on behalf of the person named, who has no account here.</summary>
    public Task<ApiResult<StartedApplication>> StartAtCounterAsync(string procedureKey, string applicantName, CancellationToken ct) =>
        SendAsync<StartedApplication>(HttpMethod.Post, "console/applications/counter", JsonContent.Create(new { procedureKey, applicantName }), ct);

    // Filling in a form, on any side: a resident's own application, staff's counter application, a helper's for a resident.
    public Task<ApiResult<bool>> SaveAnswersAsync(ApplicationSide side, string id, JsonObject answers, CancellationToken ct) =>
        SendAsync<bool>(HttpMethod.Put, $"{side.Api}/{Escape(id)}/answers",
            new StringContent(answers.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), ct);

    public Task<ApiResult<SubmissionReceipt>> SubmitAsync(ApplicationSide side, string id, CancellationToken ct) =>
        SendAsync<SubmissionReceipt>(HttpMethod.Post, $"{side.Api}/{Escape(id)}/submission", null, ct);

    /// <summary>One file for a file field, forwarded as it came (multipart, one file).</summary>
    public async Task<ApiResult<Attachment>> AttachAsync(ApplicationSide side, string id, string field, IFormFile file, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        using var content = new MultipartFormDataContent();
        var part = new StreamContent(stream);
        part.Headers.ContentType = MediaTypeHeaderValue.TryParse(file.ContentType, out var type) ? type : new("application/octet-stream");
        content.Add(part, "file", Path.GetFileName(file.FileName));
        return await SendAsync<Attachment>(HttpMethod.Post, $"{side.Api}/{Escape(id)}/attachments?field={Escape(field)}", content, ct);
    }

    /// <summary>The application's files (to show answers' ids by name).</summary>
    public Task<ApiResult<IReadOnlyList<ListedAttachment>>> AttachmentsAsync(ApplicationSide side, string id, CancellationToken ct) =>
        SendAsync<IReadOnlyList<ListedAttachment>>(HttpMethod.Get, $"{side.Api}/{Escape(id)}/attachments", null, ct);

    /// <summary>Removes a file not yet submitted (409 once it is part of a submission).</summary>
    public Task<ApiResult<bool>> RemoveAttachmentAsync(ApplicationSide side, string id, string attachmentId, CancellationToken ct) =>
        SendAsync<bool>(HttpMethod.Delete, $"{side.Api}/{Escape(id)}/attachments/{Escape(attachmentId)}", null, ct);
}

public static class EApplicationClientSetup
{
    /// <summary>The client of the e-application API at <c>Services:EApplication</c> (its base address).</summary>
    public static IHostApplicationBuilder AddEApplicationClient(this IHostApplicationBuilder builder) =>
        builder.AddServiceApiClient<EApplicationClient>("Services:EApplication");
}
