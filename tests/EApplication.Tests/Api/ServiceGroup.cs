namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// The API tests share one running service (with its identity and onboarding services and databases),
/// one test at a time: a second such environment in parallel runs PostgreSQL out of connections on a
/// small machine, a retention run sweeps a whole town, and the KPI tests compare figures before and
/// after what they do.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServiceGroup : ICollectionFixture<EApplicationFixture>
{
    public const string Name = "e-application service";
}
