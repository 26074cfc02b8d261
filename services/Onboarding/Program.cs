using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using SharedServices.EventStore;
using SharedServices.Messaging;
using SharedServices.Onboarding.Dashboard;
using SharedServices.Onboarding.Features.Audit;
using SharedServices.Onboarding.Features.Catalogue;
using SharedServices.Onboarding.Features.Dashboard;
using SharedServices.Onboarding.Features.Offboarding;
using SharedServices.Onboarding.Features.Directory;
using SharedServices.Onboarding.Features.Municipalities;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Onboarding.OperatorAccess;
using SharedServices.Onboarding.Seeding;
using SharedServices.Tenancy;
using SharedServices.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("onboarding");
builder.AddPlatformAuthentication("onboarding");
builder.AddPlatformEventStore(options =>
{
    // A municipality's stream is keyed by its 地方公共団体コード.
    options.Events.StreamIdentity = StreamIdentity.AsString;
    options.Projections.Snapshot<Municipality>(SnapshotLifecycle.Inline);
    options.Storage.ExtendedSchemaObjects.AddRange(DashboardTables.All());
    options.Storage.ExtendedSchemaObjects.Add(RecordOperatorActions.Table());
    options.Schema.For<TownDataRetention>().UseOptimisticConcurrency(true);
    options.Schema.For<UploadLogo.TownLogo>();
});
builder.AddPlatformMessaging("onboarding", bus =>
{
    bus.AddConsumer<RestateTenants>();
    // The DX dashboard's read models, from the services' integration events.
    bus.AddConsumer<RecordApplications>();
    bus.AddConsumer<RecordPoints>();
    bus.AddConsumer<RecordTalent>();
    // The operators' audit log (操作ログ), from every service.
    bus.AddConsumer<RecordOperatorActions>();
    // Offboarded towns: each service's confirmation that it deleted the town's data.
    bus.AddConsumer<RecordDataDeleted>();
});
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("Marten")!));
builder.Services.AddSingleton<DashboardFigures>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(Prefecture.From(builder.Configuration));
builder.Services.AddHostedService<RetentionTimer>();
builder.Services.AddSingleton<MunicipalityCatalogue>();
builder.Services.AddHostedService<DemoTowns>();

var app = builder.Build();

app.UseServiceDefaults();
app.UseOperatorAudit("onboarding"); // operators' changes → the audit log (操作ログ)
app.UseOperatorAccess();
app.MapMunicipalitiesApi();
app.MapCatalogueApi();
app.MapDashboardApi();
app.MapAuditApi();
app.MapDefaultEndpoints();

app.Run();
