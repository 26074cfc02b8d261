using SharedServices.Identity.Features.Connect;
using SharedServices.Identity.Server;
using SharedServices.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("identity");
builder.AddIdentityServer();
// Pages live beside the rest of their feature: Features/Account/Login.cshtml is /Account/Login.
builder.Services.AddRazorPages(options => options.RootDirectory = "/Features");

var app = builder.Build();

// Not UseServiceDefaults: the identity service serves every town at one address and keeps no
// tenant registry, so it skips tenant resolution (a signed-in user's tenant claim is not a request's town).
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapRazorPages();
app.MapConnectApi();
app.MapDefaultEndpoints();

app.Run();
