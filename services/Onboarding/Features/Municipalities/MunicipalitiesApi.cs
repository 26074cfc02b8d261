using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Municipalities;

public static class MunicipalitiesApi
{
    /// <summary>The prefecture operator's API for its towns.</summary>
    public static RouteGroupBuilder MapMunicipalitiesApi(this IEndpointRouteBuilder app)
    {
        var towns = app.MapGroup("/operator/municipalities").WithTags("Municipalities");
        towns.MapPost("/", OnboardMunicipality.Handle);
        towns.MapPost("/bulk", OnboardMunicipalities.Handle).AcceptsBodiesUpTo(OnboardMunicipalities.MaxBytes);
        towns.MapGet("/", QueryMunicipalities.List);
        towns.MapGet("/{code}", QueryMunicipalities.Get);
        towns.MapPut("/{code}/profile", ChangeProfile.Handle);
        towns.MapPut("/{code}/logo", UploadLogo.Handle);
        // Logos are public: every town's portal shows its own.
        app.MapGet("/logos/{code}", UploadLogo.ServeAsync).WithTags("Municipalities");
        towns.MapPut("/{code}/services/{service}", EnableService.Enable);
        towns.MapDelete("/{code}/services/{service}", EnableService.Disable);
        towns.MapPut("/{code}/suspension", SuspendMunicipality.Suspend);
        towns.MapDelete("/{code}/suspension", SuspendMunicipality.Resume);
        towns.MapPost("/{code}/offboarding", SuspendMunicipality.Offboard);
        towns.MapGet("/{code}/offboarding", Offboarding.OffboardingApi.StatusAsync);
        return towns;
    }
}
