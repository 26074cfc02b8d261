using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace SharedServices.Testing;

/// <summary>
/// Access tokens an attacker might present, made from a genuine one (the identity service's access tokens are signed,
/// not encrypted, JWTs). Those made with <see cref="Resigned"/> carry the identity service's real signing key, so each
/// is refused only for the one thing changed (issuer, audience, lifetime); <see cref="Resigned"/> with no change is the
/// control that must be accepted, or the refusals prove nothing.
/// </summary>
public sealed class ForgedTokens(TestIdentity identity)
{
    /// <summary>The token's claims, as the identity service wrote them.</summary>
    public static JsonObject Payload(string token) =>
        JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]))!.AsObject();

    /// <summary>The same claims signed again with the identity service's own key, after <paramref name="change"/>.</summary>
    public string Resigned(string token, Action<JsonObject> change)
    {
        var payload = Payload(token);
        change(payload);
        var credentials = identity.Host.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials[0];
        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), credentials, new Dictionary<string, object> { ["typ"] = "at+jwt" });
    }

    /// <summary>The same claims, <c>"alg": "none"</c> and no signature.</summary>
    public static string WithoutSignature(string token) =>
        $"{Encode("""{"alg":"none","typ":"at+jwt"}""")}.{token.Split('.')[1]}.";

    /// <summary>The token with its claims changed and its signature kept (so it no longer matches).</summary>
    public static string Tampered(string token, Action<JsonObject> change)
    {
        var parts = token.Split('.');
        var payload = Payload(token);
        change(payload);
        return $"{parts[0]}.{Encode(payload.ToJsonString())}.{parts[2]}";
    }

    /// <summary>The same claims and key id, signed by a key the identity service never had.</summary>
    public static string SignedByStranger(string token)
    {
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[0]))!;
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true)) { KeyId = header["kid"]?.GetValue<string>() };
        return new JsonWebTokenHandler().CreateToken(Payload(token).ToJsonString(), new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            new Dictionary<string, object> { ["typ"] = "at+jwt" });
    }

    private static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
