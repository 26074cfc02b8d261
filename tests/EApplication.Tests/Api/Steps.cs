using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>The HTTP steps an application goes through, for tests that need many of them.</summary>
public static class Steps
{
    /// <summary>A resident's application for water service, submitted; its id.</summary>
    public static async Task<string> SubmitOnlineAsync(HttpClient resident, JsonObject? answers = null)
    {
        var id = (await (await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service" }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", answers ?? ApplicationFlowTests.WaterStart()), HttpStatusCode.NoContent);
        await Ok(await resident.PostAsync($"/applications/{id}/submission", null));
        return id;
    }

    /// <summary>Staff apply at the counter (窓口) for <paramref name="applicantName"/> and submit; its id.</summary>
    public static async Task<string> SubmitAtCounterAsync(HttpClient staff, string applicantName)
    {
        var id = (await (await Ok(await staff.PostAsJsonAsync("/console/applications/counter", new { procedureKey = "water-service", applicantName }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Ok(await staff.PutAsJsonAsync($"/console/applications/{id}/answers", ApplicationFlowTests.WaterStart()), HttpStatusCode.NoContent);
        await Ok(await staff.PostAsync($"/console/applications/{id}/submission", null));
        return id;
    }

    public static async Task DecideAsync(HttpClient staff, string id, string outcome, string? reason = null) =>
        await Ok(await staff.PostAsJsonAsync($"/console/applications/{id}/decision", new { outcome, reason }), HttpStatusCode.NoContent);

    public static async Task ResubmitAsync(HttpClient resident, string id)
    {
        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", ApplicationFlowTests.WaterStart()), HttpStatusCode.NoContent);
        await Ok(await resident.PostAsync($"/applications/{id}/submission", null));
    }

    /// <summary>Today in Japan, as the KPIs date submissions.</summary>
    public static DateOnly TodayInJapan => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
