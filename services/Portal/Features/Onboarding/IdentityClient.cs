using SharedServices.Portal.Features.ServiceApi;

namespace SharedServices.Portal.Features.Onboarding;

/// <summary>
/// The identity service's operator API (at <c>Identity:Issuer</c>): for the prefecture console, an
/// offboarded town's accounts (<see cref="ServiceApiClient.TownDataExportAsync"/>).
/// </summary>
public sealed class IdentityClient(HttpClient http, IHttpContextAccessor accessor, ILogger<IdentityClient> logger)
    : ServiceApiClient(http, accessor, logger, "identity");
