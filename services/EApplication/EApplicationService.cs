namespace SharedServices.EApplication;

/// <summary>A public type of the e-application service's assembly, for test hosts.</summary>
public sealed class EApplicationService;
