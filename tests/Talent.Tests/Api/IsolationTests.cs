using System.Net;
using System.Net.Http.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.Talent.Tests.Api.TalentFixture;

namespace SharedServices.Talent.Tests.Api;

/// <summary>A town's needs and assignments are its own: another town's token, address or ids, the wrong role, nobody signed in.</summary>
[Collection(ServiceGroup.Name)]
public sealed class IsolationTests(TalentFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_cross_town_wrong_role_or_anonymous_attempt_is_refused()
    {
        var (token, id) = await fixture.ListedPersonAsync(Profile("渡辺 五郎", [Skill("procurement", 3)]));
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var needId = await PostNeedAsync(kaneyama, Need("調達支援", [Skill("procurement", 2)]));

        (string? Host, string? Token, string Method, string Path, HttpStatusCode Expected)[] attempts =
        [
            (Okura, fixture.OkuraAdminToken, "GET", $"/console/needs/{needId}", HttpStatusCode.NotFound),
            (Okura, fixture.OkuraAdminToken, "GET", $"/console/needs/{needId}/matches", HttpStatusCode.NotFound),
            (Okura, fixture.OkuraAdminToken, "POST", $"/console/needs/{needId}/proposals/{id}/acceptance", HttpStatusCode.NotFound),
            (Kaneyama, fixture.OkuraAdminToken, "GET", "/console/needs", HttpStatusCode.Forbidden),
            (Kaneyama, fixture.OkuraAdminToken, "GET", "/console/assignments", HttpStatusCode.Forbidden),
            (Kaneyama, fixture.KaneyamaResidentToken, "GET", "/console/needs", HttpStatusCode.Forbidden),
            (Kaneyama, fixture.KaneyamaResidentToken, "GET", "/console/talent", HttpStatusCode.Forbidden),
            (Kaneyama, fixture.KaneyamaStaffToken, "POST", $"/console/needs/{needId}/proposals/{id}/acceptance", HttpStatusCode.Forbidden),
            (null, fixture.KaneyamaAdminToken, "GET", "/prefecture/needs", HttpStatusCode.Forbidden),
            (null, fixture.KaneyamaAdminToken, "POST", $"/prefecture/talent/{id}/approval", HttpStatusCode.Forbidden),
            (null, token, "GET", "/prefecture/talent", HttpStatusCode.Forbidden),
            (Kaneyama, token, "GET", "/console/needs", HttpStatusCode.Forbidden),
            (null, fixture.OperatorToken, "GET", "/talent/offers", HttpStatusCode.Forbidden),
            (null, fixture.OperatorToken, "POST", $"/prefecture/needs/064017/{needId}/proposals", HttpStatusCode.NotFound),
            (null, fixture.OperatorToken, "POST", $"/prefecture/needs/{OkuraCode}/{needId}/proposals", HttpStatusCode.NotFound),
            (null, token, "POST", $"/talent/offers/{OkuraCode}/{needId}/acceptance", HttpStatusCode.NotFound),
            (null, token, "POST", $"/talent/offers/999999/{needId}/acceptance", HttpStatusCode.NotFound),
            (Kaneyama, null, "GET", "/console/needs", HttpStatusCode.Unauthorized),
            (null, null, "GET", "/talent/profile", HttpStatusCode.Unauthorized),
            (null, null, "GET", "/prefecture/needs", HttpStatusCode.Unauthorized),
        ];
        var failures = new List<string>();
        foreach (var (host, bearer, method, path, expected) in attempts)
        {
            using var client = fixture.Client(host, bearer);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST" && path.EndsWith("/proposals", StringComparison.Ordinal))
            {
                request.Content = JsonContent.Create(new { talentId = id });
            }
            using var response = await client.SendAsync(request, Ct);
            if (response.StatusCode != expected)
            {
                failures.Add($"{method} {host}{path}: {(int)response.StatusCode}, expected {(int)expected}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        Assert.DoesNotContain((await Json(await okura.GetAsync("/console/needs", Ct))).EnumerateArray(), n => n.GetProperty("id").GetString() == needId);
        Assert.Empty((await Json(await kaneyama.GetAsync($"/console/needs/{needId}", Ct))).GetProperty("proposals").EnumerateArray());
    }
}
