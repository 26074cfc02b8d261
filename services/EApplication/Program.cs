using SharedServices.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("e-application");

var app = builder.Build();

// No UseServiceDefaults() yet: its tenant resolution needs the tenant registry, which comes with
// AddPlatformEventStore/AddPlatformMessaging when the first town-scoped endpoint arrives.
app.MapDefaultEndpoints();

app.Run();
