namespace SharedServices.Gateway;

/// <summary>A public type of the gateway's assembly, for test hosts.</summary>
public sealed class GatewayService;
