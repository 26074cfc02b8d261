using SharedServices.Onboarding.Municipalities;
using SharedServices.Onboarding.OperatorAccess;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Catalogue;

/// <summary>The bundled 総務省 list: the towns of this prefecture, and one code's names.</summary>
public static class LookUpMunicipality
{
    public static RouteGroupBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var catalogue = app.MapGroup("/operator/catalogue").WithTags("Catalogue");
        catalogue.MapGet("/", (MunicipalityCatalogue list, IConfiguration configuration) =>
            TypedResults.Ok(list.InPrefecture(configuration.GetPrefectureCode())));
        catalogue.MapGet("/{code}", (string code, MunicipalityCatalogue list) =>
            MunicipalityCode.Explain(code) is { } problem ? Problems.Validation("code", problem)
            : list.Find(code) is { } entry ? TypedResults.Ok(entry)
            : Problems.NotFound($"{code} is a valid code but not in the bundled list; enter the town's names by hand."));
        return catalogue;
    }
}
