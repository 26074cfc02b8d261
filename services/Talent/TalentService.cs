namespace SharedServices.Talent;

/// <summary>A public type of the talent service's assembly, for test hosts.</summary>
public sealed class TalentService;
