using SharedServices.Tenancy;
using JasperFx.Events;
using JasperFx.Events.Projections;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Applications;
using SharedServices.EApplication.Attachments;
using SharedServices.EApplication.Features.Applications;
using SharedServices.EApplication.Features.Kpis;
using SharedServices.EApplication.Features.Notifications;
using SharedServices.EApplication.Features.Attachments;
using SharedServices.EApplication.Features.Export;
using SharedServices.EApplication.Features.Helpers;
using SharedServices.EApplication.Features.Procedures;
using SharedServices.EApplication.Features.Retention;
using SharedServices.EApplication.Features.Review;
using SharedServices.EApplication.Features.Templates;
using SharedServices.EApplication.Forms;
using SharedServices.EApplication.Helpers;
using SharedServices.EApplication.Kpis;
using SharedServices.EApplication.Procedures;
using SharedServices.EApplication.Seeding;
using SharedServices.EApplication.Retention;
using SharedServices.EventStore;
using SharedServices.Mail;
using SharedServices.Messaging;
using SharedServices.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("e-application");
builder.AddPlatformAuthentication("e-application");
var publishedProcedures = new PublishedProcedures();
builder.Services.AddSingleton(publishedProcedures);
builder.AddPlatformEventStore(options =>
{
    options.Listeners.Add(publishedProcedures.Listener);
    // Streams are keyed by strings: a procedure by its key, an application by its id.
    options.Events.StreamIdentity = StreamIdentity.AsString;
    options.Projections.Snapshot<FormTemplate>(SnapshotLifecycle.Inline);
    options.Projections.Snapshot<Procedure>(SnapshotLifecycle.Inline);
    options.Projections.Snapshot<Application>(SnapshotLifecycle.Inline);
    options.Projections.Snapshot<Helper>(SnapshotLifecycle.Inline);
    options.Projections.Snapshot<Authorisation>(SnapshotLifecycle.Inline);
    options.Schema.For<Application>().Index(a => a.ApplicantId).Index(a => a.Status).Index(a => a.SubmittedAt);
    options.Schema.For<TemplateSubscription>().Index(s => s.TemplateKey);
    // Every document type is known here: the runtime role cannot create tables on first use.
    options.Schema.For<PublishedForm>();
    // Attachments: what they are, and their bytes apart, both in the town's tenant.
    options.Schema.For<Attachment>().Index(a => a.ApplicationId);
    options.Schema.For<AttachmentContent>();
    options.Storage.ExtendedSchemaObjects.Add(ReceiptNumbers.Table());
    options.Projections.Add<ApplicationKpiProjection>(ProjectionLifecycle.Inline);
    options.Schema.For<ApplicationKpi>().Index(k => k.Date);
    options.Schema.For<Application>().Index(a => a.ClosedAt).Index(a => a.ActorId).Index(a => a.AuthorisationId);
    // Helpers (支援者) and residents' authorisations (委任): a helper code is never given twice in a town.
    options.Schema.For<Helper>().Index(h => h.AccountId)
        .UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "mt_doc_helper_uidx_code", Marten.Schema.Indexing.Unique.TenancyScope.PerTenant, h => h.Code!);
    options.Schema.For<Authorisation>().Index(a => a.ResidentId).Index(a => a.HelperId);
    options.AddPersonalDataMasking();
});
builder.AddPlatformMessaging("e-application", bus =>
{
    bus.AddConsumer<OfferTemplateUpdate>();
    bus.AddResidentNotifications();
    bus.AddConsumer<DeleteTenantData>(); // an offboarded town's data, when its retention is over
});
builder.AddMailSender();
builder.Services.AddSingleton<ResidentMails>();
builder.Services.AddAccessRules();
builder.Services.AddSingleton(Prefecture.From(builder.Configuration));
builder.Services.AddSingleton<FormTemplateCatalogue>();
builder.Services.AddSingleton<PublishedForms>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ReceiptNumbers>();
builder.Services.AddScoped<ApplicationSteps>();
builder.Services.AddScoped<AttachmentSteps>();
// EicarOnlyScanner is not a virus scanner (it refuses the EICAR test file only): Development only.
// Elsewhere no engine is wired yet, and the service refuses to start rather than accept unscanned files.
if (!builder.Environment.IsDevelopment())
{
    throw new InvalidOperationException(
        "No virus scanner: outside Development register a real IAttachmentScanner (e.g. clamd) before accepting attachments.");
}
builder.Services.AddSingleton<IAttachmentScanner, EicarOnlyScanner>();
builder.Services.AddHostedService<SeedTemplates>();
builder.Services.AddHostedService<DemoProcedures>();
builder.Services.AddSingleton<PersonalDataErasure>();
builder.Services.AddHostedService<RetentionSchedule>();

var app = builder.Build();

app.UseServiceDefaults();
app.UseOperatorAudit("e-application"); // operators' changes → the audit log (操作ログ)
app.MapTemplatesApi();
app.MapProceduresApi();
app.MapApplicationsApi();
app.MapReviewApi();
app.MapKpisApi();
app.MapRetentionApi();
app.MapAttachmentsApi();
app.MapApplicationsCsvApi();
app.MapHelperRegistrationApi();
app.MapHelpersConsoleApi();
app.MapAuthorisationsApi();
app.MapActingApi();
app.MapTenantExport("e-application"); // an offboarded town takes its data away
app.MapDefaultEndpoints();

app.Run();
