using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.LocalMail;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;
using static SharedServices.EApplication.Tests.Api.Steps;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// A resident who applies online is mailed at the address in their token (受付完了メール): the town,
/// the procedure, the receipt number, the time in Japan and a link to the application's page on the
/// town's portal. Counter applications mail no one; each town's mail goes to its own resident only;
/// a return for correction (差戻し) is mailed too. Mails are told apart by receipt number: the
/// residents of the fixture apply in other tests too.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class ResidentMailTests(EApplicationFixture fixture)
{
    [Fact]
    public async Task Submitting_online_mails_the_resident_once_with_the_receipt_number_and_a_link_to_its_page()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var id = await SubmitOnlineAsync(resident);
        var application = await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}");
        var receipt = application.GetProperty("receiptNumber").GetString()!;

        var mail = await MailAboutAsync(TestIdentity.ResidentLogin, receipt);

        Assert.Contains(receipt, mail.Message.Subject);
        Assert.Contains("金山町", mail.Text);
        Assert.Contains("水道の使用開始・中止(開栓・閉栓)", mail.Text);
        Assert.Contains("Water supply: start or stop", mail.Text);
        var submittedInJapan = application.GetProperty("submittedAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(9));
        Assert.Contains(submittedInJapan.ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture) + "（日本時間）", mail.Text);
        Assert.Contains($"http://kaneyama.portal.test/Resident/Applications/{id}", mail.Text);
        Assert.Contains("金山 花子 様", mail.Text); // the resident's account name
        Assert.DoesNotContain("カネヤマ ハナコ", mail.Text); // the answers stay on the page
        Assert.DoesNotContain("0233-52-2111", mail.Text);
        await Task.Delay(1000); // a second mail would come at once
        Assert.Single(MailsAbout(TestIdentity.ResidentLogin, receipt));
    }

    [Fact]
    public async Task A_counter_application_mails_no_one()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var counter = await SubmitAtCounterAsync(staff, "窓口 太郎");
        var counterReceipt = (await staff.GetFromJsonAsync<JsonElement>($"/console/applications/{counter}")).GetProperty("receiptNumber").GetString()!;

        // An online one submitted after it is mailed: by then the counter one has been handled too.
        var online = await SubmitOnlineAsync(resident);
        await MailAboutAsync(TestIdentity.ResidentLogin, (await resident.GetFromJsonAsync<JsonElement>($"/applications/{online}")).GetProperty("receiptNumber").GetString()!);
        await Task.Delay(1000);

        Assert.DoesNotContain(fixture.Mail.Messages, m => m.Text.Contains(counterReceipt, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_towns_submission_mails_only_its_own_resident()
    {
        using var okura = fixture.Client(Okura, fixture.OkuraResidentToken);
        var id = await SubmitOnlineAsync(okura);
        var receipt = (await okura.GetFromJsonAsync<JsonElement>($"/applications/{id}")).GetProperty("receiptNumber").GetString()!;

        var mail = await MailAboutAsync(OkuraResident, receipt);

        Assert.StartsWith("063657-", receipt);
        Assert.Contains("大蔵村", mail.Text);
        Assert.DoesNotContain("金山町", mail.Text);
        Assert.Contains($"http://okura.portal.test/Resident/Applications/{id}", mail.Text);
        Assert.Equal([OkuraResident], fixture.Mail.Messages.Where(m => m.Text.Contains(receipt, StringComparison.Ordinal)).SelectMany(m => m.Recipients));
    }

    [Fact]
    public async Task Returning_an_application_for_correction_mails_the_resident_to_correct_it()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var id = await SubmitOnlineAsync(resident);
        var receipt = (await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}")).GetProperty("receiptNumber").GetString()!;
        await MailAboutAsync(KaneyamaResident2, receipt);

        await DecideAsync(staff, id, "return", "メーター番号が読めません。");

        var returned = await Eventually.Until(() => Task.FromResult(MailsAbout(KaneyamaResident2, receipt)), m => m.Count == 2, what: "the mail about the return");
        var mail = returned[1];
        Assert.Contains("差戻し", mail.Text);
        Assert.Contains($"http://kaneyama.portal.test/Resident/Applications/{id}", mail.Text);
        Assert.DoesNotContain("メーター番号", mail.Text); // the reason is read on the page, after signing in
    }

    [Fact]
    public async Task A_receipt_the_mail_server_could_not_take_is_sent_once_it_is_back()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);
        var id = "";
        await fixture.WithoutMailAsync(async () =>
        {
            id = await SubmitOnlineAsync(resident);
            await Task.Delay(1500); // the first attempts are refused; MassTransit retries for ~9 s in all
        });
        var receipt = (await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}")).GetProperty("receiptNumber").GetString()!;

        await MailAboutAsync(KaneyamaResident2, receipt);
        await Task.Delay(1000);
        Assert.Single(MailsAbout(KaneyamaResident2, receipt));
    }

    private Task<ReceivedMail> MailAboutAsync(string address, string receipt) =>
        Eventually.Until(() => Task.FromResult(MailsAbout(address, receipt)), m => m.Count > 0,
            what: $"a mail to {address} about {receipt}", describe: _ => string.Join("; ", fixture.Mail.Messages.Select(m => m.Message.Subject)))
            .ContinueWith(t => t.Result[0], TaskScheduler.Default);

    private List<ReceivedMail> MailsAbout(string address, string receipt) =>
        [.. fixture.Mail.MessagesTo(address).Where(m => m.Text.Contains(receipt, StringComparison.Ordinal))];
}
