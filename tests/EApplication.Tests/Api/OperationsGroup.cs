namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// The KPI and retention tests share one service of their own, one test at a time: a retention run
/// sweeps a whole town, and the KPI tests compare figures before and after what they do.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OperationsGroup : ICollectionFixture<EApplicationFixture>
{
    public const string Name = "e-application operations";
}
