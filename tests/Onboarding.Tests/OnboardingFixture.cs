using System.Net.Http.Json;
using SharedServices.Onboarding;
using SharedServices.Testing;

namespace SharedServices.Onboarding.Tests;

/// <summary>The onboarding service on Kestrel with its own database and RabbitMQ virtual host.</summary>
public class OnboardingFixture : IAsyncLifetime
{
    public const string DevOperatorKey = "dev-operator-key";

    public TestDatabase Database { get; private set; } = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public ServiceHost<OnboardingService> Onboarding { get; private set; } = null!;

    /// <summary>A prefecture operator's client (development operator key).</summary>
    public HttpClient Operator { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("onboarding");
        VirtualHost = await TestVirtualHost.CreateAsync("onboarding");
        Onboarding = new ServiceHost<OnboardingService>(Database, VirtualHost);
        Operator = Onboarding.CreateClient();
        Operator.DefaultRequestHeaders.Add("X-Dev-Operator-Key", DevOperatorKey);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Onboarding.DisposeAsync();
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
