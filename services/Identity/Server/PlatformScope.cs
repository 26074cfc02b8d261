namespace SharedServices.Identity.Server;

/// <summary>
/// The API scope of the platform's own services. A token granted it names each of them as an
/// audience (<c>aud</c>), and each service accepts only tokens naming itself.
/// </summary>
public static class PlatformScope
{
    public const string Name = "platform";

    /// <summary>The services' names as in <c>AddServiceDefaults(name)</c>; a new resource server adds its own here.</summary>
    public static readonly IReadOnlyList<string> Audiences = ["onboarding", "portal", "e-application", "points", "talent", "identity"];
}
