using System.Net.Http.Json;
using SharedServices.Onboarding;
using SharedServices.Testing;

namespace SharedServices.Onboarding.Tests;

/// <summary>
/// The onboarding service on Kestrel with its own database and RabbitMQ virtual host, and the
/// identity service its operators sign in with.
/// </summary>
public class OnboardingFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public ServiceHost<OnboardingService> Onboarding { get; private set; } = null!;

    public TestIdentity Identity { get; private set; } = null!;

    /// <summary>A prefecture operator's client: the seeded operator's token, got through the code + PKCE flow.</summary>
    public HttpClient Operator { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("onboarding");
        VirtualHost = await TestVirtualHost.CreateAsync("onboarding");
        Identity = await TestIdentity.StartAsync(VirtualHost);
        Onboarding = new ServiceHost<OnboardingService>(Database, VirtualHost,
            new Dictionary<string, string?> { ["Identity:Issuer"] = Identity.Address.ToString() });
        Operator = OnboardingWith(await Identity.OperatorToken());
    }

    /// <summary>A client of the onboarding service sending <paramref name="bearer"/> (none: anonymous).</summary>
    public HttpClient OnboardingWith(string? bearer)
    {
        var client = Onboarding.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    public virtual async ValueTask DisposeAsync()
    {
        Operator.Dispose();
        await Onboarding.DisposeAsync();
        await Identity.DisposeAsync();
        await Database.DisposeAsync();
        await VirtualHost.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public static class OperatorCalls
{
    public static Task<HttpResponseMessage> Onboard(this HttpClient client, string code, string slug, string? nameEn = "Test Town", params string[] services) =>
        client.PostAsJsonAsync("/operator/municipalities", new { code, slug, nameEn, enabledServices = services });

    /// <summary>A code of this prefecture (06) that is not in the national list, with a correct check digit.</summary>
    public static string UnlistedCode(int n)
    {
        var first5 = $"069{n:00}";
        return first5 + Tenancy.MunicipalityCode.CheckDigit(first5);
    }
}
