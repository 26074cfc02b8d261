using System.Text.RegularExpressions;
using Marten;
using SharedServices.EventStore;
using SharedServices.Contracts.Tenancy;
using SharedServices.Points.Access;
using SharedServices.Points.Merchants;
using SharedServices.Points.Wallets;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Points.Features.Merchants;

/// <summary>
/// The prefecture-wide merchant registry (加盟店): a town (or the prefecture) registers a merchant once;
/// each town then chooses which merchants accept its points. A merchant signs in to see the payments
/// made to it in every town that accepts it, and refunds within the window.
/// </summary>
public static partial class MerchantsApi
{
    public sealed record Registration(
        string? Name, string? Category, string? CorporateNumber, bool SoleProprietor, PayoutAccount? Payout, string? LoginEmail);

    public sealed record RefundRequest(long Points, string? IdempotencyKey);

    public static void MapMerchantsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.TownEndpoints("/console/merchants").RequireAuthorization(AccessRules.Staff).WithTags("Merchants");
        staff.MapGet("/", TownListAsync);
        var admins = app.TownEndpoints("/console/merchants").RequireAuthorization(AccessRules.TownAdmins).WithTags("Merchants");
        admins.MapPost("/", (Registration? request, IDocumentStore store, Prefecture prefecture, TimeProvider clock, CancellationToken ct) =>
            RegisterAsync(request, CurrentTenant.Id, store, prefecture, clock, ct));
        admins.MapPut("/{code}/acceptance", (string code, IDocumentStore store, Prefecture prefecture, MerchantDirectory merchants, CancellationToken ct) =>
            AcceptAsync(code, true, store, prefecture, merchants, ct));
        admins.MapDelete("/{code}/acceptance", (string code, IDocumentStore store, Prefecture prefecture, MerchantDirectory merchants, CancellationToken ct) =>
            AcceptAsync(code, false, store, prefecture, merchants, ct));

        var operators = app.MapGroup("/prefecture/merchants").RequireAuthorization(AccessRules.Operators).WithTags("Merchants");
        operators.MapGet("/", async (MerchantDirectory merchants, CancellationToken ct) =>
        {
            await using var session = merchants.Session();
            return TypedResults.Ok((await session.Query<Merchant>().OrderBy(m => m.Name).ToListAsync(ct)).Select(m => View(m, true)));
        });
        operators.MapPost("/", (Registration? request, IDocumentStore store, Prefecture prefecture, TimeProvider clock, CancellationToken ct) =>
            RegisterAsync(request, prefecture.Code, store, prefecture, clock, ct));

        var merchant = app.MapGroup("/merchant").RequireAuthorization(AccessRules.Merchants).WithTags("Merchant");
        merchant.MapGet("/", MeAsync);
        merchant.MapGet("/payments", PaymentsAsync);
        merchant.MapGet("/towns/{town}/qr.svg", QrAsync);
        merchant.MapPost("/towns/{town}/payments/{id}/refunds", RefundAsync);
    }

    public static object View(Merchant m, bool withPayout) => new
    {
        id = m.Id, code = m.Code, name = m.Name, category = m.Category, corporateNumber = m.CorporateNumber, soleProprietor = m.SoleProprietor,
        registeredBy = m.RegisteredBy, acceptingTowns = m.AcceptingTowns, payout = withPayout ? m.Payout : null,
        loginEmail = withPayout ? m.LoginEmail : null,
    };

    private static async Task<IResult> TownListAsync(MerchantDirectory merchants, string? category, CancellationToken ct)
    {
        await using var session = merchants.Session();
        var list = await session.Query<Merchant>().OrderBy(m => m.Name).ToListAsync(ct);
        var town = CurrentTenant.Id;
        // Every town sees the registry; payout details only of the merchants it accepts (it pays them).
        return TypedResults.Ok(list.Where(m => category is null || m.Category == category)
            .Select(m => new { merchant = View(m, m.IsAcceptedBy(town)), accepted = m.IsAcceptedBy(town) }));
    }

    [GeneratedRegex("^[ｦ-ﾟ0-9A-Z \\(\\)\\.\\-/]{1,30}$")]
    private static partial Regex HalfWidthKana();

    private static Dictionary<string, string[]> Check(Registration r)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 100)
        {
            errors["name"] = ["店舗名を100文字以内で入力してください。(A name of 1–100 characters.)"];
        }
        if (r.Category is null || !MerchantCategories.All.ContainsKey(r.Category))
        {
            errors["category"] = [$"One of: {string.Join(", ", MerchantCategories.All.Keys)}."];
        }
        if (r.SoleProprietor != (r.CorporateNumber is null))
        {
            errors["corporateNumber"] = ["法人は法人番号を、個人事業主は soleProprietor: true を指定してください。(A company gives its corporate number; a sole proprietor sets soleProprietor.)"];
        }
        else if (r.CorporateNumber is not null && !Merchant.IsValidCorporateNumber(r.CorporateNumber))
        {
            errors["corporateNumber"] = ["法人番号は13桁で、先頭の検査用数字が正しいものです。(13 digits with a valid check digit.)"];
        }
        if (r.Payout is not { } p)
        {
            errors["payout"] = ["The payout account (振込先): bankCode, branchCode, accountType, accountNumber, holderKana."];
        }
        else
        {
            if (p.BankCode is not { Length: 4 } || !p.BankCode.All(char.IsAsciiDigit)) errors["payout.bankCode"] = ["金融機関コードは4桁です。(4 digits.)"];
            if (p.BranchCode is not { Length: 3 } || !p.BranchCode.All(char.IsAsciiDigit)) errors["payout.branchCode"] = ["支店コードは3桁です。(3 digits.)"];
            if (p.AccountType is not (1 or 2 or 4)) errors["payout.accountType"] = ["預金種目: 1 普通, 2 当座, 4 貯蓄."];
            if (p.AccountNumber is not { Length: 7 } || !p.AccountNumber.All(char.IsAsciiDigit)) errors["payout.accountNumber"] = ["口座番号は7桁です。(7 digits.)"];
            if (p.HolderKana is null || !HalfWidthKana().IsMatch(p.HolderKana)) errors["payout.holderKana"] = ["受取人名は半角カナ30文字以内です。(Half-width katakana, at most 30.)"];
        }
        if (r.LoginEmail is null || !MimeKit.MailboxAddress.TryParse(r.LoginEmail, out var address) || !address.Address.Contains('@') || r.LoginEmail.Length > 254)
        {
            errors["loginEmail"] = ["The merchant's sign-in mail address."];
        }
        return errors;
    }

    private static async Task<IResult> RegisterAsync(Registration? request, string registeredBy, IDocumentStore store, Prefecture prefecture, TimeProvider clock, CancellationToken ct)
    {
        if (request is null)
        {
            return Problems.Validation("body", "A merchant: name, category, corporateNumber or soleProprietor, payout, loginEmail.");
        }
        var errors = Check(request);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        using var scope = prefecture.Scope();
        await using var session = store.OpenTenantSession();
        var email = request.LoginEmail!.Trim().ToLowerInvariant();
        if (await session.Query<Merchant>().AnyAsync(m => m.LoginEmail == email, ct))
        {
            return Problems.Conflict("この sign-in アドレスの加盟店はすでに登録されています。(A merchant with this sign-in address is registered already.)");
        }
        if (request.CorporateNumber is { } corporate && await session.Query<Merchant>().AnyAsync(m => m.CorporateNumber == corporate, ct))
        {
            return Problems.Conflict("この法人番号の加盟店はすでに登録されています。(A merchant with this corporate number is registered already.)");
        }
        var merchant = new Merchant
        {
            Id = Guid.NewGuid().ToString("N"), Code = Merchant.NewCode(), Name = request.Name!.Trim(), Category = request.Category!,
            CorporateNumber = request.CorporateNumber, Payout = request.Payout!, LoginEmail = email, RegisteredBy = registeredBy,
            RegisteredAt = clock.GetUtcNow(),
            // A town that registers a merchant accepts it at once.
            AcceptingTowns = registeredBy == prefecture.Code ? [] : [registeredBy],
        };
        session.Insert(merchant);
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/console/merchants/{merchant.Code}", View(merchant, true));
    }

    private static async Task<IResult> AcceptAsync(string code, bool accept, IDocumentStore store, Prefecture prefecture, MerchantDirectory merchants, CancellationToken ct)
    {
        var town = CurrentTenant.Id;
        using var scope = prefecture.Scope();
        await using var session = store.OpenTenantSession();
        if (await session.Query<Merchant>().FirstOrDefaultAsync(m => m.Code == code, ct) is not { } merchant)
        {
            return Problems.NotFound("No merchant has this code.");
        }
        if (merchant.IsAcceptedBy(town) != accept)
        {
            if (accept) merchant.AcceptingTowns.Add(town); else merchant.AcceptingTowns.Remove(town);
            session.Store(merchant);
            await session.SaveChangesAsync(ct);  // optimistic: a concurrent change by another town fails (409) rather than being lost
            merchants.Forget(code);
        }
        return TypedResults.Ok(new { code, accepted = accept });
    }

    private static async Task<Merchant?> SignedInAsync(HttpContext http, MerchantDirectory merchants, CancellationToken ct) =>
        Caller.Of(http).Email is { } email ? await merchants.ByLoginAsync(email, ct) : null;

    private static async Task<IResult> MeAsync(HttpContext http, MerchantDirectory merchants, TenantRegistry towns, CancellationToken ct) =>
        await SignedInAsync(http, merchants, ct) is { } merchant
            ? TypedResults.Ok(new { merchant = View(merchant, true), towns = merchant.AcceptingTowns.Select(t => new { code = t, name = towns.FindById(t)?.NameJa }) })
            : Problems.NotFound("No merchant is registered for this sign-in.");

    /// <summary>
    /// The QR code a merchant shows at the till for one town's residents (a shop may accept several towns'
    /// points): the town portal's pay page with the merchant's code filled in (<c>Points:PortalUrlTemplate</c>,
    /// <c>{slug}</c> replaced by the town's). Residents without a camera type the code printed beneath.
    /// </summary>
    private static async Task<IResult> QrAsync(string town, HttpContext http, MerchantDirectory merchants, TenantRegistry towns, IConfiguration configuration, CancellationToken ct)
    {
        if (await SignedInAsync(http, merchants, ct) is not { } merchant)
        {
            return Problems.NotFound("No merchant is registered for this sign-in.");
        }
        if (towns.FindById(town) is not { } tenant || !merchant.IsAcceptedBy(town))
        {
            return Problems.NotFound("No town with this code accepts this merchant.");
        }
        var portal = (configuration["Points:PortalUrlTemplate"] ?? "http://{slug}.localhost:5100/").Replace("{slug}", tenant.Slug, StringComparison.Ordinal);
        var url = $"{portal.TrimEnd('/')}/Resident/Points/Pay?code={merchant.Code}";
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCoder.QRCodeGenerator.ECCLevel.M);
        var svg = new QRCoder.SvgQRCode(data).GetGraphic(8);
        return TypedResults.Text(svg, "image/svg+xml");
    }

    /// <summary>Payments to this merchant in every town that accepts it (newest first), at most <paramref name="take"/> per town.</summary>
    private static async Task<IResult> PaymentsAsync(HttpContext http, MerchantDirectory merchants, IDocumentStore store, TenantRegistry towns, CancellationToken ct, int take = 100)
    {
        if (await SignedInAsync(http, merchants, ct) is not { } merchant)
        {
            return Problems.NotFound("No merchant is registered for this sign-in.");
        }
        var payments = new List<object>();
        foreach (var town in merchant.AcceptingTowns)
        {
            using var scope = CurrentTenant.Change(town);
            await using var session = store.QuerySession(town);
            var list = await session.Query<Payment>().Where(p => p.MerchantId == merchant.Id).OrderByDescending(p => p.PaidAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
            payments.AddRange(list.Select(p => new { town, townName = towns.FindById(town)?.NameJa, payment = p.View() }));
        }
        return TypedResults.Ok(payments);
    }

    private static async Task<IResult> RefundAsync(string town, string id, RefundRequest? request, HttpContext http, MerchantDirectory merchants, Paying paying, TenantRegistry towns, CancellationToken ct)
    {
        if (await SignedInAsync(http, merchants, ct) is not { } merchant)
        {
            return Problems.NotFound("No merchant is registered for this sign-in.");
        }
        if (request is null || Paying.CheckRequest(request.Points, request.IdempotencyKey) is { } problem)
        {
            return request is null ? Problems.Validation("body", "A refund: points and idempotencyKey.") : Paying.CheckRequest(request.Points, request.IdempotencyKey)!;
        }
        if (!MunicipalityCode.IsValid(town) || towns.FindById(town) is not { } tenant || !tenant.EnabledServices.Contains(PlatformServices.Points))
        {
            return Problems.NotFound("No such town running local points.");
        }
        using var scope = CurrentTenant.Change(town);
        return await paying.RefundAsync(id, merchant, request.Points, request.IdempotencyKey!, ct);
    }
}
