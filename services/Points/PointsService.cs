namespace SharedServices.Points;

/// <summary>A public type of the points service's assembly, for test hosts.</summary>
public sealed class PointsService;
