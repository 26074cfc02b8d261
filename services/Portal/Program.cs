using SharedServices.EventStore;
using SharedServices.Messaging;
using SharedServices.Portal.Features.Town;
using SharedServices.Portal.Shell;
using SharedServices.Web.Branding;
using SharedServices.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("portal");
builder.AddPlatformEventStore();
builder.AddPlatformMessaging("portal");
builder.Services.AddRazorPages();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<PortalView>();

var app = builder.Build();

app.UseServiceDefaults();
app.UseLanguageChoice();
app.MapRazorPages();
app.MapTownApi();
app.MapDefaultEndpoints();

app.Run();
