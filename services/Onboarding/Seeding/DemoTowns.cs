using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SharedServices.EventStore;
using SharedServices.Onboarding.Features.Municipalities;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Onboarding.OperatorAccess;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Onboarding.Seeding;

/// <summary>
/// Development only: onboards the demo towns listed in <c>Onboarding:DemoTownsFile</c> (JSON, an
/// array of onboarding requests as the operator API takes them) at start-up, through the same use
/// case as the API, so the quick start has a prefecture with towns without anyone holding an
/// operator token. Towns already onboarded are left as they are; any other refusal stops start-up
/// with the reason.
/// </summary>
internal sealed partial class DemoTowns(
    IServiceScopeFactory scopes, IConfiguration configuration, IHostEnvironment environment, ILogger<DemoTowns> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration["Onboarding:DemoTownsFile"] is not { Length: > 0 } file)
        {
            return;
        }
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException("Onboarding:DemoTownsFile is for Development only: onboard real towns through the operator API.");
        }
        await using var stream = File.OpenRead(file);
        var towns = await JsonSerializer.DeserializeAsync<List<OnboardMunicipality.Request>>(stream,
            ServiceDefaultsExtensions.StrictJson(new JsonSerializerOptions(JsonSerializerDefaults.Web)), cancellationToken)
            ?? throw new InvalidOperationException($"{file} holds no towns.");

        using var prefecture = CurrentTenant.Change(configuration.GetPrefectureCode(), logger);
        foreach (var town in towns)
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            await using var session = services.GetRequiredService<IDocumentStore>().OpenTenantSession();
            var result = await OnboardMunicipality.Handle(town, session, services.GetRequiredService<MunicipalityCatalogue>(),
                configuration, services.GetRequiredService<ILogger<OnboardMunicipality.Request>>(), cancellationToken);
            switch (result)
            {
                case IStatusCodeHttpResult { StatusCode: StatusCodes.Status201Created }:
                    break;
                case IStatusCodeHttpResult { StatusCode: StatusCodes.Status409Conflict }:
                    LogAlreadyOnboarded(town.Code, town.Slug);
                    break;
                case IValueHttpResult { Value: var problem }:
                    throw new InvalidOperationException($"Demo town {town.Code} was refused: {JsonSerializer.Serialize(problem)}");
                default:
                    throw new InvalidOperationException($"Demo town {town.Code} was refused: {result}");
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Demo town {Code} ({Slug}) is already onboarded")]
    private partial void LogAlreadyOnboarded(string code, string slug);
}
