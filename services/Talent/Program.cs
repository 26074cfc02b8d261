using JasperFx.Events;
using JasperFx.Events.Projections;
using SharedServices.EventStore;
using SharedServices.Messaging;
using SharedServices.Talent.Access;
using SharedServices.Talent.Features.Assignments;
using SharedServices.Talent.Features.Needs;
using SharedServices.Talent.Features.Costs;
using SharedServices.Talent.Features.Profiles;
using SharedServices.Talent.Features.Timesheets;
using SharedServices.Talent.Needs;
using SharedServices.Talent.Registry;
using SharedServices.Tenancy;
using SharedServices.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("talent");
builder.AddPlatformAuthentication("talent");
builder.AddPlatformEventStore(options =>
{
    // Streams are keyed by strings: a person by their account id, a need by its id.
    options.Events.StreamIdentity = StreamIdentity.AsString;
    // The registry (people and their time shares) lives in the prefecture's tenant; needs and assignments in each town's.
    options.Projections.Snapshot<TalentProfile>(SnapshotLifecycle.Inline);
    options.Projections.Snapshot<Need>(SnapshotLifecycle.Inline);
    options.Schema.For<Need>().Index(n => n.PostedAt);
    options.Schema.For<Assignment>().Index(a => a.TalentId).Index(a => a.NeedId);
    // A month's hours are approved once: written against the version read.
    options.Schema.For<Timesheet>().UseOptimisticConcurrency(true).Index(t => t.AssignmentId).Index(t => t.Month);
});
builder.AddPlatformMessaging("talent", bus => bus.AddConsumer<DeleteTenantData>()); // an offboarded town's data, when its retention is over
builder.Services.AddAccessRules();
builder.Services.AddSingleton(Prefecture.From(builder.Configuration));
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();

app.UseServiceDefaults();
app.UseOperatorAudit("talent"); // operators' changes → the audit log (操作ログ)
app.MapProfilesApi();
app.MapNeedsApi();
app.MapAssignmentsApi();
app.MapTimesheetsApi();
app.MapCostsApi();
app.MapTenantExport("talent"); // an offboarded town takes its data away
app.MapDefaultEndpoints();

app.Run();
