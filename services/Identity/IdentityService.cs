namespace SharedServices.Identity;

/// <summary>Names the identity service's assembly, e.g. for tests that host it.</summary>
public sealed class IdentityService;
