using SharedServices.EventStore;
using SharedServices.Messaging;
using SharedServices.Portal.Features.EApplication;
using SharedServices.Portal.Features.Onboarding;
using SharedServices.Portal.Features.Points;
using SharedServices.Portal.Features.ServiceApi;
using SharedServices.Portal.Features.SignedInPerson;
using SharedServices.Portal.Features.Talent;
using SharedServices.Portal.Features.Town;
using SharedServices.Portal.Shell;
using SharedServices.Portal.SignIn;
using SharedServices.Web.Branding;
using SharedServices.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("portal");
builder.AddPlatformEventStore();
builder.AddPlatformDataProtection("portal"); // sign-in cookies and form tokens any portal instance can read
builder.AddPlatformMessaging("portal", bus => bus.AddConsumer<DeleteTenantData>()); // an offboarded town's data, when its retention is over
builder.AddPortalSignIn();
builder.AddEApplicationClient(); // the resident and staff pages of e-application call its API
builder.AddPointsClient(); // and those of local points (地域ポイント), merchants' too
builder.AddTalentClient(); // and those of talent sharing (デジタル人材シェアリング): staff, operators, the talent
builder.AddOnboardingClient(); // and the prefecture console's, of the onboarding service (its DX dashboard)
builder.AddServiceApiClient<IdentityClient>("Identity:Issuer"); // an offboarded town's accounts, exported
builder.Services.AddHttpClient(nameof(Provisioning));
builder.Services.AddHttpClient(nameof(SharedServices.Portal.Features.Town.TownLogo));
builder.Services.AddSingleton<Provisioning>(); // a new town's provisioning, service by service
// The areas: each folder of pages is open only to its roles (PortalAreas).
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/Resident", PortalAreas.Resident);
    options.Conventions.AuthorizeFolder("/Console", PortalAreas.TownConsole);
    options.Conventions.AuthorizeFolder("/Prefecture", PortalAreas.PrefectureConsole);
    options.Conventions.AuthorizeFolder("/Merchant", PortalAreas.Merchant);
    options.Conventions.AuthorizeFolder("/Talent", PortalAreas.Talent);
});
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<PortalView>();
builder.Services.AddSingleton<SharedServices.Tenancy.ITenantUnavailablePage, MaintenancePage>(); // a suspended town: its maintenance page

var app = builder.Build();

app.UseServiceDefaults();
app.UseStaticFiles(); // wwwroot: the few scripts pages use (the gateway's content security policy allows no inline ones)
app.UseLanguageChoice();
app.MapRazorPages();
app.MapTownApi();
app.MapTownLogo();
app.MapSignedInPersonApi();
app.MapDefaultEndpoints();

app.Run();
