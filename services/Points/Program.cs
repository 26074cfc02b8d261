using SharedServices.Tenancy;
using JasperFx.Events;
using JasperFx.Events.Projections;
using SharedServices.EventStore;
using SharedServices.Messaging;
using SharedServices.Points.Access;
using SharedServices.Points.Campaigns;
using SharedServices.Points.Cards;
using SharedServices.Points.Features.Cards;
using SharedServices.Points.Features.Campaigns;
using SharedServices.Points.Features.CampaignTemplates;
using SharedServices.Points.Features.Expiry;
using SharedServices.Points.Features.Grants;
using SharedServices.Points.Features.Ledger;
using SharedServices.Points.Features.Merchants;
using SharedServices.Points.Features.Settlements;
using SharedServices.Points.Features.ResidentPoints;
using SharedServices.Points.Ledger;
using SharedServices.Points.Merchants;
using SharedServices.Points.Residents;
using SharedServices.Points.Seeding;
using SharedServices.Points.Wallets;
using SharedServices.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("points");
builder.AddPlatformAuthentication("points");
builder.AddPlatformEventStore(options =>
{
    // Streams are keyed by strings: a wallet by its resident's account id, a campaign by its id.
    options.Events.StreamIdentity = StreamIdentity.AsString;
    options.Projections.Snapshot<Campaign>(SnapshotLifecycle.Inline);
    options.Projections.Snapshot<Wallet>(SnapshotLifecycle.Inline);
    options.Projections.Snapshot<Settlement>(SnapshotLifecycle.Inline);
    options.Schema.For<Campaign>().Index(c => c.Status);
    options.Schema.For<Wallet>().Index(w => w.NextExpiry!);
    options.Schema.For<Settlement>().Index(s => s.Number);
    // A payment's idempotency key is unique per resident: a retried request can never pay twice.
    options.Schema.For<Payment>().Index(p => p.MerchantId).Index(p => p.PaidAt)
        .UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "mt_doc_payment_uidx_key", Marten.Schema.Indexing.Unique.TenancyScope.PerTenant,
            p => p.ResidentId, p => p.IdempotencyKey);
    options.Schema.For<ResidentRecord>();
    // Merchants live in the prefecture's tenant: one registry for every town.
    options.Schema.For<Merchant>().UseOptimisticConcurrency(true)
        .UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "mt_doc_merchant_uidx_code", Marten.Schema.Indexing.Unique.TenancyScope.PerTenant, m => m.Code)
        .UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "mt_doc_merchant_uidx_login", Marten.Schema.Indexing.Unique.TenancyScope.PerTenant, m => m.LoginEmail);
    // Printed cards: a PIN attempt is written against the version it read (optimistic), so parallel guesses cannot pass the lock-out.
    options.Schema.For<PointCard>().UseOptimisticConcurrency(true).Index(c => c.ResidentId);
    // Campaign templates live in the prefecture's tenant, offered to towns: an offer is written against the version it read.
    options.Schema.For<CampaignTemplate>().UseOptimisticConcurrency(true);
    options.Storage.ExtendedSchemaObjects.Add(Budget.Table());
});
builder.AddPlatformMessaging("points", bus =>
{
    bus.AddConsumer<GrantOnApproval>();
    bus.AddConsumer<DeleteTenantData>(); // an offboarded town's data, when its retention is over
});
builder.Services.AddAccessRules();
builder.Services.AddSingleton(Prefecture.From(builder.Configuration));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<Budget>();
builder.Services.AddSingleton<LedgerQueries>();
builder.Services.AddSingleton<MerchantDirectory>();
builder.Services.AddSingleton<Granting>();
builder.Services.AddSingleton<Paying>();
builder.Services.AddSingleton<Lapsing>();
builder.Services.AddHostedService<LapseSchedule>();
builder.Services.AddHostedService<DemoPoints>();

var app = builder.Build();

app.UseServiceDefaults();
app.UseOperatorAudit("points"); // operators' changes → the audit log (操作ログ)
app.MapCampaignsApi();
app.MapResidentRecordsApi();
app.MapWalletApi();
app.MapMerchantsApi();
app.MapLedgerApi();
app.MapSettlementsApi();
app.MapCardsApi();
app.MapCampaignTemplatesApi();
app.MapTenantExport("points"); // an offboarded town takes its data away
app.MapDefaultEndpoints();

app.Run();
