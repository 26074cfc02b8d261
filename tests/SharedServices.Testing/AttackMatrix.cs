using System.Text.Json.Nodes;
using Xunit;

namespace SharedServices.Testing;

/// <summary>
/// The tenant isolation attack matrix (issue 9): every operation a service's OpenAPI document names, tried by every
/// attack on a victim town. An attack either addresses the victim town (its host, its <c>/t/{slug}</c> path, a
/// forwarded host) with credentials that are not the victim's: then no operation that refuses an anonymous caller may
/// answer 2xx. Or it stays in the attacker's own town and names the victim's resources (real ids): then no such
/// operation with such an id in its path may answer 2xx. In every answer to every attack, none of the victim's secrets (text only
/// the victim's own people can read) may appear, and nothing may be a 5xx.
/// </summary>
/// <remarks>
/// The control makes the absence of leaks mean something: the victim's own token reads the same operations (GETs only,
/// so the victim's data stays as it is for the attacks), and must get 2xx answers and see the secrets.
/// </remarks>
public sealed class AttackMatrix(Func<string?, string?, HttpClient> client)
{
    /// <param name="Name">What the attack is, for the report.</param>
    /// <param name="Host">The host addressed (none: the service's own address).</param>
    /// <param name="Token">The bearer token presented (none: anonymous).</param>
    /// <param name="AddressesVictim">Whether the request addresses the victim town, or the attacker's own with the victim's ids.</param>
    /// <param name="PathPrefix">Put before every path, e.g. the victim's <c>/t/{slug}</c>.</param>
    /// <param name="Headers">Sent with every request, e.g. a forged <c>X-Forwarded-Host</c>.</param>
    /// <param name="GuessIds">Path ids are guessed (fresh) instead of the victim's real ones.</param>
    public sealed record Attack(string Name, string? Host, string? Token, bool AddressesVictim,
        string? PathPrefix = null, IReadOnlyDictionary<string, string>? Headers = null, bool GuessIds = false);

    /// <summary>A town in the matrix: its name for the report, host, path slug and 地方公共団体コード.</summary>
    public sealed record Town(string Name, string Host, string Slug, string Code);

    /// <summary>
    /// The attacks of one town's people on another: the attacker's admin and resident on the victim's host, through
    /// the victim's path, by a forged forwarded host, in their own town with the victim's ids, and with guessed ids;
    /// and tokens forged from genuine ones: unsigned, retargeted at the victim with the signature kept, signed by a
    /// stranger's key, and (with the real key) of another issuer, for another audience, expired.
    /// </summary>
    public static IReadOnlyList<Attack> OfTown(Town attacker, string attackerAdminToken, string attackerResidentToken,
        Town victim, string victimAdminToken, ForgedTokens forged)
    {
        var past = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        return
        [
            new($"{attacker.Name}'s admin on {victim.Name}'s host", victim.Host, attackerAdminToken, AddressesVictim: true),
            new($"{attacker.Name}'s resident on {victim.Name}'s host", victim.Host, attackerResidentToken, AddressesVictim: true),
            new($"{attacker.Name}'s admin on {victim.Name}'s host, ids guessed", victim.Host, attackerAdminToken, AddressesVictim: true, GuessIds: true),
            new($"{attacker.Name}'s admin through /t/{victim.Slug}", null, attackerAdminToken, AddressesVictim: true, PathPrefix: $"/t/{victim.Slug}"),
            new($"{attacker.Name}'s admin in its own town with {victim.Name}'s ids", attacker.Host, attackerAdminToken, AddressesVictim: false),
            new($"{attacker.Name}'s admin with X-Forwarded-Host {victim.Host}", null, attackerAdminToken, AddressesVictim: false,
                Headers: new Dictionary<string, string> { ["X-Forwarded-Host"] = victim.Host, ["X-Tenant"] = victim.Code }),
            new($"{victim.Name}'s admin token unsigned (alg none)", victim.Host, ForgedTokens.WithoutSignature(victimAdminToken), AddressesVictim: true),
            new($"{attacker.Name}'s admin token retargeted at {victim.Name} (signature kept)", victim.Host,
                ForgedTokens.Tampered(attackerAdminToken, p => p["tenant"] = victim.Code), AddressesVictim: true),
            new($"{victim.Name}'s admin token signed by a stranger's key", victim.Host, ForgedTokens.SignedByStranger(victimAdminToken), AddressesVictim: true),
            new($"{victim.Name}'s admin token of another issuer (real key)", victim.Host,
                forged.Resigned(victimAdminToken, p => p["iss"] = "https://identity.evil.example/"), AddressesVictim: true),
            new($"{victim.Name}'s admin token for another audience (real key)", victim.Host,
                forged.Resigned(victimAdminToken, p => p["aud"] = "evil-service"), AddressesVictim: true),
            new($"{victim.Name}'s admin token expired (real key)", victim.Host,
                forged.Resigned(victimAdminToken, p => { p["exp"] = past; p["iat"] = past - 3600; p["nbf"] = past - 3600; }), AddressesVictim: true),
        ];
    }

    private readonly List<string> _leaks = [];
    private readonly SortedDictionary<int, int> _statuses = [];
    private int _attempts;

    /// <param name="victimHost">The victim town's host.</param>
    /// <param name="victimToken">A token of the victim town's own staff: the control.</param>
    /// <param name="victimIds">Real ids of the victim's resources, by path parameter name.</param>
    /// <param name="secrets">Text in the victim's data that no attack may read.</param>
    public async Task AssertNoLeaksAsync(string victimHost, string victimToken, IReadOnlyList<Attack> attacks,
        IReadOnlyDictionary<string, string> victimIds, IReadOnlyList<string> secrets, CancellationToken ct)
    {
        using var anonymous = client(victimHost, null);
        using var victim = client(victimHost, victimToken);
        using var service = client(null, null);
        var document = JsonNode.Parse(await service.GetStringAsync("/openapi/v1.json", ct))!;
        var schemas = document["components"]?["schemas"]?.AsObject();
        var operations = 0;
        var controlAnswered = 0;
        var controlSawSecret = false;
        var publicOperations = new List<string>();

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is not JsonObject op || method is "parameters" or "servers" or "summary" or "description")
                {
                    continue;
                }
                operations++;
                var parameters = ApiFuzzer.Parameters(item, op);
                var namesVictimId = parameters.Any(p => p.In == "path" && victimIds.ContainsKey(p.Name));
                var bodySchema = op["requestBody"]?["content"]?["application/json"]?["schema"];
                var body = bodySchema is null ? null : ApiFuzzer.Example(bodySchema, schemas, _ => "x")?.ToJsonString();
                var url = ApiFuzzer.Url(path, parameters, victimIds, query: null);
                var name = $"{method.ToUpperInvariant()} {path}";

                var (status, _) = await SendAsync(anonymous, method, url, body, null, ct);
                var isPublic = status is >= 200 and < 300;
                if (isPublic)
                {
                    publicOperations.Add(name);
                }

                foreach (var attack in attacks)
                {
                    using var http = client(attack.Host, attack.Token);
                    var attackUrl = attack.PathPrefix + (attack.GuessIds ? ApiFuzzer.Url(path, parameters, null, query: null) : url);
                    (status, var text) = await SendAsync(http, method, attackUrl, body, attack.Headers, ct);
                    _attempts++;
                    _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
                    var said = $"{attack.Name}: {method.ToUpperInvariant()} {ApiFuzzer.Shorten(attackUrl)} answered {status}";
                    if (status >= 500)
                    {
                        _leaks.Add($"{said} (a 5xx)");
                    }
                    else if (status is >= 200 and < 300 && !isPublic && (attack.AddressesVictim || (namesVictimId && !attack.GuessIds)))
                    {
                        _leaks.Add($"{said}: {ApiFuzzer.Shorten(text)}");
                    }
                    if (secrets.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal)) is { } secret)
                    {
                        _leaks.Add($"{said} and showed the victim's \"{secret}\"");
                    }
                }

                if (method == "get")
                {
                    (status, var text) = await SendAsync(victim, method, url, null, null, ct);
                    controlAnswered += status is >= 200 and < 300 ? 1 : 0;
                    controlSawSecret |= secrets.Any(s => text.Contains(s, StringComparison.Ordinal));
                }
            }
        }

        var report = $"{operations} operations ({publicOperations.Count} public), {attacks.Count} attacks, {_attempts} attempts, {_leaks.Count} leaks; "
            + $"statuses: {string.Join(", ", _statuses.Select(s => $"{s.Key}×{s.Value}"))}; the victim's own GETs: {controlAnswered} answered 2xx"
            + (publicOperations.Count == 0 ? "" : $"; public: {string.Join(", ", publicOperations)}");
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(controlAnswered > 0 && controlSawSecret, $"the control failed: the victim's own token must read its data and see a secret ({report})");
        Assert.True(_leaks.Count == 0, $"{_leaks.Count} of {_attempts} attempts leaked ({report}):\n" + string.Join("\n", _leaks.Take(60)));
    }

    private static async Task<(int Status, string Text)> SendAsync(HttpClient http, string method, string url, string? body,
        IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
        {
            Content = body is null ? null : ApiFuzzer.Content(body, "application/json"),
        };
        foreach (var (header, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }
        using var response = await http.SendAsync(request, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
