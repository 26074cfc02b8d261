using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

/// <summary>Printed point cards for residents without a smartphone: the merchant scans, the resident enters the PIN.</summary>
[Collection(ServiceGroup.Name)]
public sealed partial class CardTests(PointsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"<([0-9A-F]+)> Tj")]
    private static partial Regex HexText();

    /// <summary>The texts of a card letter's PDF (each shown as UTF-16 hex).</summary>
    private static List<string> Texts(byte[] pdf) =>
        [.. HexText().Matches(Encoding.ASCII.GetString(pdf)).Select(m => Encoding.BigEndianUnicode.GetString(Convert.FromHexString(m.Groups[1].Value)))];

    /// <summary>The card number (printed in groups of four) and the PIN (暗証番号, on the letter's second page).</summary>
    private static (string Number, string Pin) CardAndPin(List<string> texts) =>
        (texts.First(t => Regex.IsMatch(t, @"^\d{4} \d{4} \d{4} \d{4}$")).Replace(" ", "", StringComparison.Ordinal),
         texts.Select(t => Regex.Match(t, @"^暗証番号  (\d{4})$")).Single(m => m.Success).Groups[1].Value);

    private async Task<(string Number, string Pin, HttpClient Resident)> CardWithPointsAsync(long points)
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(admin, Terms($"カード {Guid.NewGuid():N}", perGrant: points));
        var (token, residentId) = await fixture.NewResidentAsync();
        var resident = fixture.Client(Kaneyama, token);
        await Ok(await resident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Created);

        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var issued = await Ok(await staff.PostAsJsonAsync("/console/cards", new { residentId }, Ct));
        Assert.Equal("application/pdf", issued.Content.Headers.ContentType?.MediaType);
        var pdf = await issued.Content.ReadAsByteArrayAsync(Ct);
        Assert.StartsWith("%PDF-1.4", Encoding.ASCII.GetString(pdf[..8]));
        var texts = Texts(pdf);
        Assert.Contains(texts, t => t.StartsWith("金山町 地域ポイントカード", StringComparison.Ordinal));
        var (number, pin) = CardAndPin(texts);
        Assert.StartsWith(KaneyamaCode, number);
        return (number, pin, resident);
    }

    private static Task<HttpResponseMessage> PayAsync(HttpClient merchant, string card, string pin, long points, string? key = null) =>
        merchant.PostAsJsonAsync("/merchant/card-payments", new { card, pin, points, idempotencyKey = key ?? Guid.NewGuid().ToString("N") }, Ct);

    [Fact]
    public async Task A_merchant_scans_a_printed_card_and_the_resident_pays_with_the_pin_once_however_often_sent()
    {
        var (number, pin, resident) = await CardWithPointsAsync(2_000);
        using var _ = resident;
        using var shop = fixture.Client(null, fixture.MerchantToken);
        var key = Guid.NewGuid().ToString("N");
        var paid = await Json(await PayAsync(shop, "SSPC1:" + number, pin, 700, key), HttpStatusCode.Created);
        var again = await Json(await PayAsync(shop, "SSPC1:" + number, pin, 700, key));
        Assert.Equal(paid.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        // Typed by hand, with the spaces printed on the card.
        await Ok(await PayAsync(shop, PointCardGrouped(number), pin, 300), HttpStatusCode.Created);
        Assert.Equal(1_000, (await Json(await resident.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64());
        var history = await Json(await resident.GetAsync("/wallet/history", Ct));
        Assert.Equal(["paid", "paid", "granted"], history.EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToArray());
    }

    private static string PointCardGrouped(string number) => $"{number[..4]} {number[4..8]} {number[8..12]} {number[12..]}";

    [Fact]
    public async Task Five_wrong_pins_in_a_row_lock_the_card_even_for_the_right_pin_and_a_new_card_replaces_it()
    {
        var (number, pin, resident) = await CardWithPointsAsync(1_000);
        using var _ = resident;
        using var shop = fixture.Client(null, fixture.MerchantToken);
        var wrong = pin == "0000" ? "1111" : "0000";
        for (var i = 1; i <= 4; i++)
        {
            var problem = await AssertProblem(await PayAsync(shop, number, wrong, 100), HttpStatusCode.Forbidden);
            Assert.Contains($"あと{5 - i}回", problem.GetProperty("detail").GetString());
        }
        // The right PIN resets the count.
        await Ok(await PayAsync(shop, number, pin, 100), HttpStatusCode.Created);
        // Parallel guesses: some are refused unanswered, none gets past five counted failures.
        var guesses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PayAsync(shop, number, wrong, 100)));
        Assert.All(guesses, g => Assert.True(g.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Conflict, g.StatusCode.ToString()));
        var answered = 0;
        foreach (var guess in guesses.Where(g => g.StatusCode == HttpStatusCode.Forbidden))
        {
            answered += (await guess.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("title").GetString() == "Wrong PIN" ? 1 : 0;
        }
        Assert.InRange(answered, 1, 5);
        for (var i = 0; i < 5; i++)
        {
            await PayAsync(shop, number, wrong, 100);
        }
        var locked = await AssertProblem(await PayAsync(shop, number, pin, 100), HttpStatusCode.Forbidden);
        Assert.Contains("使えません", locked.GetProperty("detail").GetString());
        Assert.Equal(900, (await Json(await resident.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Bad_scans_unknown_or_revoked_cards_and_towns_that_do_not_accept_the_merchant_are_refused_and_change_nothing()
    {
        var (number, pin, resident) = await CardWithPointsAsync(1_000);
        using var _ = resident;
        using var shop = fixture.Client(null, fixture.MerchantToken);
        await AssertProblem(await PayAsync(shop, "not a card", pin, 100), HttpStatusCode.BadRequest, "card");
        await AssertProblem(await PayAsync(shop, "SSPC1:" + number[..15], pin, 100), HttpStatusCode.BadRequest, "card");
        var mistyped = number[..15] + (char)('0' + (number[15] - '0' + 1) % 10);
        await AssertProblem(await PayAsync(shop, mistyped, pin, 100), HttpStatusCode.BadRequest, "card");
        await AssertProblem(await PayAsync(shop, "https://evil.example/?" + number, pin, 100), HttpStatusCode.BadRequest, "card");
        await AssertProblem(await PayAsync(shop, number, "12a4", 100), HttpStatusCode.BadRequest, "pin");
        await AssertProblem(await PayAsync(shop, number, pin, 0), HttpStatusCode.BadRequest, "points");
        // A well-formed number no town issued.
        var body = "064017" + "123456789";
        await AssertProblem(await PayAsync(shop, body + Luhn(body), pin, 100), HttpStatusCode.BadRequest, "card");
        // 大蔵カフェ is not accepted by 金山町, whose card this is.
        using var cafe = fixture.Client(null, fixture.Merchant2Token);
        await AssertProblem(await PayAsync(cafe, number, pin, 100), HttpStatusCode.Forbidden);
        // A resident is not a merchant.
        await Ok(await PayAsync(fixture.Client(null, fixture.KaneyamaResidentToken), number, pin, 100), HttpStatusCode.Forbidden);

        // Reissued: the old card stops working.
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        using var okuraStaff = fixture.Client(Okura, fixture.OkuraAdminToken);
        await AssertProblem(await okuraStaff.DeleteAsync($"/console/cards/{number}", Ct), HttpStatusCode.NotFound);
        await Ok(await staff.DeleteAsync($"/console/cards/{number}", Ct), HttpStatusCode.NoContent);
        await AssertProblem(await PayAsync(shop, number, pin, 100), HttpStatusCode.Forbidden);
        Assert.Equal(1_000, (await Json(await resident.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64());
    }

    private static int Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    [Fact]
    public async Task A_resident_with_no_account_at_all_gets_the_towns_points_on_a_card_and_pays_with_it()
    {
        // 大蔵村 knows the resident from its own records only (no platform account): the town's own id for them.
        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        var residentId = $"okura-jumin-{Guid.NewGuid():N}"[..30];
        await Ok(await okura.PutAsJsonAsync("/console/resident-records", new object[]
        {
            new { residentId, birthDate = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-88), incomeBracket = 9 },
        }, Ct));
        var campaignId = await OpenCampaignAsync(okura, Terms("米寿のお祝い", perGrant: 8_800, trigger: "town", eligibility: new { minAge = 88, incomeBrackets = new[] { 9 } }));
        Assert.Equal(1, (await Json(await okura.PostAsync($"/console/campaigns/{campaignId}/grants", null, Ct))).GetProperty("granted").GetInt32());
        var letter = await Ok(await okura.PostAsJsonAsync("/console/cards", new { residentId }, Ct));
        var (number, pin) = CardAndPin(Texts(await letter.Content.ReadAsByteArrayAsync(Ct)));

        using var cafe = fixture.Client(null, fixture.Merchant2Token);
        var paid = await Json(await PayAsync(cafe, "SSPC1:" + number, pin, 1_800), HttpStatusCode.Created);
        Assert.Equal(1_800, paid.GetProperty("points").GetInt64());
        await fixture.AssertReconciledAsync(Okura, fixture.OkuraAdminToken);
        var ledger = (await Json(await okura.GetAsync("/console/ledger/reconciliation", Ct))).GetProperty("campaigns").EnumerateArray()
            .Single(c => c.GetProperty("campaignId").GetString() == campaignId);
        Assert.Equal(7_000, ledger.GetProperty("accounts").GetProperty("residents").GetInt64());
    }
}
