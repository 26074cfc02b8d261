using System.Globalization;
using System.Text;
using JasperFx.Events;
using Marten;
using SharedServices.Contracts.Points;
using SharedServices.EventStore;
using SharedServices.Points.Access;
using SharedServices.Points.Merchants;
using SharedServices.Points.Wallets;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Points.Features.Settlements;

/// <summary>What a town owes one merchant for a settlement period: payments less refunds made in it.</summary>
public sealed record SettlementLine(
    string MerchantId, string MerchantCode, string MerchantName, PayoutAccount Payout, int Payments, long Spent, long Refunded)
{
    public long Net => Spent - Refunded;
}

public sealed record SettlementCreated(int Number, DateTimeOffset From, DateTimeOffset Until, IReadOnlyList<SettlementLine> Lines, string By, DateTimeOffset At);
public sealed record SettlementPaid(string By, DateTimeOffset At);

/// <summary>
/// A town's settlement with its merchants (精算) for one period. Periods follow one another with no gap
/// or overlap (each starts where the last ended), so every payment and refund is settled exactly once.
/// </summary>
public sealed class Settlement
{
    public string Id { get; set; } = "";
    public int Number { get; set; }
    public DateTimeOffset From { get; set; }
    public DateTimeOffset Until { get; set; }
    public List<SettlementLine> Lines { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }

    public static string StreamId(int number) => $"settlement-{number:000000}";

    public void Apply(SettlementCreated e) => (Id, Number, From, Until, Lines, CreatedAt) = (StreamId(e.Number), e.Number, e.From, e.Until, [.. e.Lines], e.At);

    public void Apply(SettlementPaid e) => PaidAt = e.At;

    public object View() => new
    {
        id = Id, number = Number, from = From, until = Until, paidAt = PaidAt, status = PaidAt is null ? "open" : "paid",
        total = Lines.Sum(l => l.Net),
        lines = Lines.Select(l => new { l.MerchantId, l.MerchantCode, l.MerchantName, l.Payments, l.Spent, l.Refunded, net = l.Net }),
    };
}

public static class SettlementsApi
{
    public sealed record SettlementRequest(DateTimeOffset? Until);

    public static void MapSettlementsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.TownEndpoints("/console/settlements").RequireAuthorization(AccessRules.Staff).WithTags("Settlements");
        staff.MapGet("/", async (IQuerySession session, CancellationToken ct) =>
            TypedResults.Ok((await session.Query<Settlement>().OrderByDescending(s => s.Number).ToListAsync(ct)).Select(s => s.View())));
        staff.MapGet("/{id}", async (string id, IQuerySession session, CancellationToken ct) =>
            await session.LoadAsync<Settlement>(id, ct) is { } s ? TypedResults.Ok(s.View()) : Problems.NotFound("No such settlement."));
        staff.MapGet("/{id}/transfers.csv", TransfersCsvAsync);
        var admins = app.TownEndpoints("/console/settlements").RequireAuthorization(AccessRules.TownAdmins).WithTags("Settlements");
        admins.MapPost("/", CreateAsync);
        admins.MapPost("/{id}/payment", PaidAsync);

        app.MapGroup("/merchant/settlements").RequireAuthorization(AccessRules.Merchants).WithTags("Merchant").MapGet("/", MerchantSettlementsAsync);
    }

    /// <summary>
    /// Settles from where the last settlement ended (or the first payment) until <c>until</c>: by default
    /// the start of this month in Japan time, so a monthly run settles last month. Never into the future.
    /// </summary>
    private static async Task<IResult> CreateAsync(SettlementRequest? request, HttpContext http, IDocumentSession session, MerchantDirectory merchants, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var jst = now.ToOffset(TimeSpan.FromHours(9));
        var until = request?.Until ?? new DateTimeOffset(jst.Year, jst.Month, 1, 0, 0, 0, TimeSpan.FromHours(9));
        if (until > now)
        {
            return Problems.Validation("until", "精算の締めは現在より前です。(A settlement ends no later than now.)");
        }
        var last = await session.Query<Settlement>().OrderByDescending(s => s.Number).FirstOrDefaultAsync(ct);
        var from = last?.Until ?? DateTimeOffset.MinValue;
        if (until <= from)
        {
            return Problems.Conflict($"{Jst(from)} までは精算済みです。(Settled up to {Jst(from)} already.)");
        }
        var payments = await session.Query<Payment>()
            .Where(p => (p.PaidAt >= from && p.PaidAt < until) || p.Refunds.Any(r => r.At >= from && r.At < until))
            .ToListAsync(ct);
        var lines = new List<SettlementLine>();
        foreach (var merchantPayments in payments.GroupBy(p => p.MerchantId))
        {
            var merchant = await merchants.ByIdAsync(merchantPayments.Key, ct);
            var paid = merchantPayments.Where(p => p.PaidAt >= from && p.PaidAt < until).ToList();
            var refunded = merchantPayments.SelectMany(p => p.Refunds).Where(r => r.At >= from && r.At < until).Sum(r => r.Points);
            lines.Add(new(merchantPayments.Key, merchant?.Code ?? "", merchant?.Name ?? merchantPayments.First().MerchantName,
                merchant?.Payout ?? new PayoutAccount("", "", 1, "", ""), paid.Count, paid.Sum(p => p.Points), refunded));
        }
        var number = (last?.Number ?? 0) + 1;
        // A second settlement started at the same moment collides on the stream id and fails: periods never overlap.
        session.Events.StartStream<Settlement>(Settlement.StreamId(number),
            new SettlementCreated(number, from == DateTimeOffset.MinValue ? payments.Select(p => p.PaidAt).DefaultIfEmpty(until).Min() : from,
                until, [.. lines.OrderBy(l => l.MerchantCode)], Caller.Of(http).Id, now));
        await session.SaveChangesAsync(ct);
        var settlement = await session.LoadAsync<Settlement>(Settlement.StreamId(number), ct);
        return TypedResults.Created($"/console/settlements/{settlement!.Id}", settlement.View());
    }

    private static async Task<IResult> PaidAsync(string id, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Settlement>(id, ct);
        if (stream.Aggregate is not { } settlement)
        {
            return Problems.NotFound("No such settlement.");
        }
        if (settlement.PaidAt is not null)
        {
            return Problems.Conflict("この精算は支払済みです。(This settlement is paid already.)");
        }
        var now = clock.GetUtcNow();
        var period = settlement.Until.ToOffset(TimeSpan.FromHours(9)).AddTicks(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        stream.AppendOne(new SettlementPaid(Caller.Of(http).Id, now));
        stream.AppendMany(settlement.Lines.Where(l => l.Net > 0)
            .Select(l => (object)new MerchantSettled(CurrentTenant.Id, l.MerchantId, period, l.Net, l.Payments, now)).ToArray());
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(new { id, status = "paid", paidAt = now });
    }

    /// <summary>
    /// The transfers of a settlement as CSV for the town's bank (総合振込), in the 全銀 record's fields and
    /// order: bank code, branch code, account type, account number, holder (半角カナ), amount; then the
    /// merchant's code and name for the town's own check. UTF-8 with BOM, CRLF. Only lines with something owed
    /// (a merchant whose refunds exceed its payments owes the town; that is settled outside the transfer).
    /// </summary>
    private static async Task<IResult> TransfersCsvAsync(string id, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Settlement>(id, ct) is not { } settlement)
        {
            return Problems.NotFound("No such settlement.");
        }
        var csv = new Csv().Row(["金融機関コード", "支店コード", "預金種目", "口座番号", "受取人名", "振込金額", "加盟店コード", "加盟店名", "件数", "利用額", "返金額"]);
        foreach (var l in settlement.Lines.Where(l => l.Net > 0))
        {
            csv.Row([l.Payout.BankCode, l.Payout.BranchCode, Number(l.Payout.AccountType), l.Payout.AccountNumber, l.Payout.HolderKana,
                Number(l.Net), l.MerchantCode, l.MerchantName, Number(l.Payments), Number(l.Spent), Number(l.Refunded)]);
        }
        var bytes = csv.ToBytes();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"settlement-{settlement.Number:000000}.csv");
    }

    /// <summary>RFC 4180 quoting, and a leading '=', '+', '-' or '@' defused so a spreadsheet does not run it.</summary>
    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Jst(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static async Task<IResult> MerchantSettlementsAsync(HttpContext http, MerchantDirectory merchants, IDocumentStore store, CancellationToken ct)
    {
        if (Caller.Of(http).Email is not { } email || await merchants.ByLoginAsync(email, ct) is not { } merchant)
        {
            return Problems.NotFound("No merchant is registered for this sign-in.");
        }
        var result = new List<object>();
        foreach (var town in merchant.AcceptingTowns)
        {
            await using var session = store.QuerySession(town);
            foreach (var s in await session.Query<Settlement>().OrderByDescending(s => s.Number).ToListAsync(ct))
            {
                if (s.Lines.FirstOrDefault(l => l.MerchantId == merchant.Id) is { } line)
                {
                    result.Add(new { town, settlement = s.Id, from = s.From, until = s.Until, paidAt = s.PaidAt, line.Payments, line.Spent, line.Refunded, net = line.Net });
                }
            }
        }
        return TypedResults.Ok(result);
    }
}
