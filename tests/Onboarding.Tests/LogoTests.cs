using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;

namespace SharedServices.Onboarding.Tests;

/// <summary>
/// A town's logo: PNG or JPEG by its bytes (never SVG or a renamed file), within size limits, served to
/// anyone with caching and no sniffing, and the town's branding points its portal at it.
/// </summary>
public sealed class LogoTests(OnboardingFixture fixture) : IClassFixture<OnboardingFixture>
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ByteArrayContent Image(byte[] bytes, string type = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    [Fact]
    public async Task A_png_logo_is_kept_served_with_caching_and_becomes_the_towns_branding()
    {
        await Ok(await fixture.Operator.Onboard("064017", "oguni", "Oguni Town"), HttpStatusCode.Created);
        var changed = JsonDocument.Parse(await (await Ok(await fixture.Operator.PutAsync("/operator/municipalities/064017/logo", Image(Png), Ct))).Content.ReadAsStringAsync(Ct)).RootElement;
        var logoUrl = changed.GetProperty("branding").GetProperty("logoUrl").GetString()!;
        Assert.Matches("^/branding/logo\\?v=[0-9a-f]{16}$", logoUrl);

        using var anyone = fixture.OnboardingWith(null);
        using var served = await Ok(await anyone.GetAsync("/logos/064017", Ct));
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync(Ct));
        await AssertProblem(await anyone.GetAsync("/logos/063614", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Svg_renamed_files_oversized_images_and_non_operators_are_refused()
    {
        await Ok(await fixture.Operator.Onboard("064033", "iide", "Iide Town"), HttpStatusCode.Created);
        const string path = "/operator/municipalities/064033/logo";
        await AssertProblem(await fixture.Operator.PutAsync(path, Image(Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"), "image/svg+xml"), Ct), HttpStatusCode.BadRequest, "logo");
        await AssertProblem(await fixture.Operator.PutAsync(path, Image(Encoding.UTF8.GetBytes("GIF89a not a png"), "image/png"), Ct), HttpStatusCode.BadRequest, "logo");
        var huge = (byte[])Png.Clone();
        huge.AsSpan(16, 8).Clear();
        huge[18] = 0x13; huge[22] = 0x13; // 4864 × 4864 pixels
        await AssertProblem(await fixture.Operator.PutAsync(path, Image(huge), Ct), HttpStatusCode.BadRequest, "logo");
        await AssertProblem(await fixture.Operator.PutAsync(path, Image([.. Png, .. new byte[210 * 1024]]), Ct), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblem(await fixture.Operator.PutAsync("/operator/municipalities/062014/logo", Image(Png), Ct), HttpStatusCode.NotFound);

        using var anonymous = fixture.OnboardingWith(null);
        await AssertProblem(await anonymous.PutAsync(path, Image(Png), Ct), HttpStatusCode.Unauthorized);
        using var townAdmin = fixture.OnboardingWith(await fixture.Identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator()));
        await AssertProblem(await townAdmin.PutAsync(path, Image(Png), Ct), HttpStatusCode.Forbidden);
        using var anyone = fixture.OnboardingWith(null);
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync("/logos/064033", Ct)).StatusCode); // nothing was kept
    }
}
