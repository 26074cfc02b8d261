using SharedServices.EventStore;
using SharedServices.Messaging;
using SharedServices.Portal.Features.Home;
using SharedServices.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("portal");
builder.AddPlatformEventStore();
builder.AddPlatformMessaging("portal");

var app = builder.Build();

app.UseServiceDefaults();
app.MapHomePages();
app.MapDefaultEndpoints();

app.Run();
