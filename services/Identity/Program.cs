using SharedServices.EventStore;
using SharedServices.Identity.Features;
using SharedServices.Identity.Features.Connect;
using SharedServices.Identity.Features.Invitations;
using SharedServices.Identity.Features.Offboarding;
using SharedServices.Identity.Mail;
using SharedServices.Identity.Server;
using SharedServices.Mail;
using SharedServices.Messaging;
using SharedServices.Web;
using SharedServices.Web.Branding;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("identity");
builder.AddIdentityServer();
// After the identity database, whose tables must be made first: EnsureCreated makes nothing in a
// database that already has tables (the event store's). Marten keeps the tenant registry and the inbox.
builder.AddPlatformEventStore();
builder.AddPlatformMessaging("identity", bus =>
{
    bus.AddConsumer<InviteFirstAdmin>();
    bus.AddConsumer<DeleteTownAccounts>(); // an offboarded town's accounts, when its retention is over
});
builder.AddMailSender();
builder.Services.AddSingleton<AccountMails>();
// Pages live beside the rest of their feature: Features/Account/Login.cshtml is /Account/Login.
builder.Services.AddRazorPages(options => options.RootDirectory = "/Features");
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<IdentityView>();

var app = builder.Build();

// Not UseServiceDefaults: the identity service serves every town at one address, so it skips tenant
// resolution (a signed-in user's tenant claim is not a request's town). The town being signed into
// comes with the authorization request (tenant=…) and only brands the pages (IdentityView).
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseLanguageChoice();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapRazorPages();
app.MapConnectApi();
app.MapTownAccountsExport(); // an offboarded town takes its accounts away
app.MapDefaultEndpoints();

app.Run();
