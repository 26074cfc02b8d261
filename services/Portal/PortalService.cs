namespace SharedServices.Portal;

/// <summary>Names the portal's assembly, e.g. for tests that host it.</summary>
public sealed class PortalService;
