using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SharedServices.Identity.Accounts;

/// <summary>
/// The secret in a mailed link (invitation, password reset): 32 random bytes, base64url. Only its
/// SHA-256 is stored, so the database alone opens no link. A plain hash is enough: the token is
/// random, not a password someone chose, so there is nothing to guess from the hash.
/// </summary>
public static class OneTimeToken
{
    public static (string Token, string Hash) New()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token)!);
    }

    /// <summary>The stored form of <paramref name="token"/>; null for what cannot be one of ours (empty, too long).</summary>
    public static string? Hash(string? token) =>
        token is { Length: > 0 and <= 100 }
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))
            : null;
}
